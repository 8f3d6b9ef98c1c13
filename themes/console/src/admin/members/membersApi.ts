import type { MemberQuery } from "../components/MemberListToolbar";
import { callApi, type TokenSource } from "../../shared/palisadeApi";

/** `GET …/permissions/caller`: what the signed-in admin may do in this tenant. */
export type Caller = {
  role: string | null;
  mayGrant: string[];
  mayInviteRoles: string[];
  mayEditCatalogue: boolean;
};

/** One entry of `GET …/permissions/members`. */
export type Member = {
  id: string;
  username: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  role: string | null;
  grant: string[];
  revoke: string[];
  effective: string[];
};

export type MemberPermissions = Pick<Member, "role" | "grant" | "revoke" | "effective">;

/** `GET …/permissions/catalogue`. */
export type Catalogue = {
  permissions: { name: string; description: string }[];
  roles: Record<string, string[]>;
};


export type Invitation = {
  userId: string;
  email: string;
  role: string;
  expiresAt: string;
  invitedBy: string;
  sentAt?: string;
};

export type NewInvitation = { email: string; firstName: string; lastName: string; role: string };

/** Base roles, highest first, as the API names them. */
export const BASE_ROLES = ["owner", "admin", "editor", "viewer"];

/** The message key naming a base role. */
export const roleKey = (role: string) =>
  "palisadeMembersRole" + role.charAt(0).toUpperCase() + role.slice(1);

export const realmUrl = (baseUrl: string, realm: string, path: string) =>
  `${baseUrl}/admin/realms/${encodeURIComponent(realm)}/${path}`;

export function getCaller(token: TokenSource, baseUrl: string, realm: string) {
  return callApi<Caller>(token, realmUrl(baseUrl, realm, "permissions/caller"));
}

export function getCatalogue(token: TokenSource, baseUrl: string, realm: string) {
  return callApi<Catalogue>(token, realmUrl(baseUrl, realm, "permissions/catalogue"));
}

export function listMembers(token: TokenSource, baseUrl: string, realm: string,
  { first, max, search }: MemberQuery) {
  const query = new URLSearchParams({ first: String(first), max: String(max) });
  if (search.trim()) {
    query.set("search", search.trim());
  }
  return callApi<Member[]>(token, `${realmUrl(baseUrl, realm, "permissions/members")}?${query}`);
}

export function changeMember(token: TokenSource, baseUrl: string, realm: string, userId: string,
  change: { grant: string[]; revoke: string[] }) {
  return callApi<MemberPermissions>(token,
    realmUrl(baseUrl, realm, `permissions/members/${encodeURIComponent(userId)}`),
    { method: "PUT", body: JSON.stringify(change) });
}

export function listInvitations(token: TokenSource, baseUrl: string, realm: string) {
  return callApi<Invitation[]>(token, realmUrl(baseUrl, realm, "invitations"));
}

export function invite(token: TokenSource, baseUrl: string, realm: string,
  invitation: NewInvitation) {
  return callApi<Invitation>(token, realmUrl(baseUrl, realm, "invitations"),
    { method: "POST", body: JSON.stringify(invitation) });
}

export function resendInvitation(token: TokenSource, baseUrl: string, realm: string,
  userId: string) {
  return callApi<unknown>(token,
    realmUrl(baseUrl, realm, `invitations/${encodeURIComponent(userId)}/resend`),
    { method: "POST" });
}

export function cancelInvitation(token: TokenSource, baseUrl: string, realm: string,
  userId: string) {
  return callApi<unknown>(token,
    realmUrl(baseUrl, realm, `invitations/${encodeURIComponent(userId)}`),
    { method: "DELETE" });
}

