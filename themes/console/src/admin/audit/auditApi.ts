import { callApi, download, type TokenSource } from "../../shared/palisadeApi";

/** One sealed record as `GET /admin/realms/{realm}/audit/events` answers (docs/audit.md). */
export type AuditRecord = {
  seq: number;
  id: string;
  time: string;
  realm: string;
  actor: { type: string; id?: string | null; username?: string | null };
  action: string;
  target: { type: string; id?: string | null };
  outcome: string;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
  hash: string;
};

/** The filters of the events list and the exports; ISO-8601 instants, empty when unset. */
export type AuditFilters = {
  from: string;
  to: string;
  actor: string;
  action: string;
  target: string;
  outcome: string;
};

export const NO_FILTERS: AuditFilters = {
  from: "", to: "", actor: "", action: "", target: "", outcome: "",
};

export type Checkpoint = {
  seq: number;
  time?: string;
  kid?: string;
  hash?: string;
  valid?: boolean;
};

/** `GET …/audit/verify`. */
export type Verification = {
  ok: boolean;
  events: number;
  firstBadSeq: number | null;
  headHash?: string | null;
  unchained?: number;
  mode?: string;
  verifiedFrom?: number;
  checkpoint: Checkpoint | null;
};

export type ExportFormat = "jsonl" | "csv";

export const auditUrl = (baseUrl: string, realm: string, path: string) =>
  `${baseUrl}/admin/realms/${encodeURIComponent(realm)}/audit/${path}`;

function filterParams(filters: AuditFilters) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value.trim()) {
      params.set(name, value.trim());
    }
  }
  return params;
}

export function listRecords(token: TokenSource, baseUrl: string, realm: string,
  filters: AuditFilters, first: number, max: number) {
  const params = filterParams(filters);
  params.set("first", String(first));
  params.set("max", String(max));
  return callApi<AuditRecord[]>(token, `${auditUrl(baseUrl, realm, "events")}?${params}`);
}

export function verify(token: TokenSource, baseUrl: string, realm: string) {
  return callApi<Verification>(token, auditUrl(baseUrl, realm, "verify"));
}

export function exportRecords(token: TokenSource, baseUrl: string, realm: string,
  filters: AuditFilters, format: ExportFormat) {
  const params = filterParams(filters);
  params.set("format", format);
  const stamp = new Date().toISOString().replace(/[:.]/g, "").slice(0, 17);
  return download(token, `${auditUrl(baseUrl, realm, "export")}?${params}`,
    `audit-${realm}-${stamp}.${format}`);
}

export function downloadKeys(token: TokenSource, baseUrl: string, realm: string) {
  return download(token, auditUrl(baseUrl, realm, "keys"), `${realm}-audit-keys.json`);
}
