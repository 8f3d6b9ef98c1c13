import { callApi, type TokenSource } from "../../shared/palisadeApi";

/** A second factor as the account view lists it: never a secret. */
export type MyFactor = {
  type: string;
  label: string;
  /** Milliseconds since the epoch; 0 when Keycloak did not record it. */
  created: number;
};

/** {@code GET /realms/{realm}/palisade-account/me}. */
export type MyAccount = {
  tenant: string;
  /** Absent without a base role, as in the token. */
  role?: string;
  permissions: string[];
  grant: string[];
  revoke: string[];
  factors: MyFactor[];
  lastFactor: boolean;
};

export function fetchMyAccount(
  token: TokenSource,
  serverBaseUrl: string,
  realm: string,
  signal?: AbortSignal,
): Promise<MyAccount> {
  return callApi<MyAccount>(
    token,
    `${serverBaseUrl}/realms/${encodeURIComponent(realm)}/palisade-account/me`,
    { signal },
  );
}
