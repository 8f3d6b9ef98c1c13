import type { MemberQuery } from "../components/MemberListToolbar";
import { callApi, type TokenSource } from "../../shared/palisadeApi";

/** One second factor as `GET …/mfa/users` lists it: never a secret. */
/** `created` is epoch milliseconds, as every Palisade API gives it. */
export type Factor = { type: string; label: string; created: number };

/** One member as `GET /admin/realms/{realm}/mfa/users` answers. */
export type MemberFactors = {
  id: string;
  username: string;
  email: string | null;
  role: string | null;
  enrolled: boolean;
  factors: Factor[];
  lastSecondFactorSignIn: string | null;
  mayReset: boolean;
};


const mfaUrl = (baseUrl: string, realm: string, path: string) =>
  `${baseUrl}/admin/realms/${encodeURIComponent(realm)}/mfa/${path}`;

export function listMembers(token: TokenSource, baseUrl: string, realm: string,
  { first, max, search }: MemberQuery) {
  const query = new URLSearchParams({ first: String(first), max: String(max) });
  if (search.trim()) {
    query.set("search", search.trim());
  }
  return callApi<MemberFactors[]>(token, `${mfaUrl(baseUrl, realm, "users")}?${query}`);
}

export function resetFactors(token: TokenSource, baseUrl: string, realm: string, userId: string) {
  return callApi<{ removed: number; enrolmentRequired: boolean }>(token,
    mfaUrl(baseUrl, realm, `users/${encodeURIComponent(userId)}/reset`), { method: "POST" });
}

/** The message key naming a credential type; unknown types are shown as they are. */
export const FACTOR_TYPE_KEYS: Record<string, string> = {
  otp: "palisadeFactorsTypeOtp",
  webauthn: "palisadeFactorsTypeSecurityKey",
  "webauthn-passwordless": "palisadeFactorsTypePasskey",
  "recovery-authn-codes": "palisadeFactorsTypeRecoveryCodes",
};
