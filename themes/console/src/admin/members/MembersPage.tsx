import {
  useAccess,
  useAdminClient,
  useRealm,
  useWhoAmI,
  ViewHeader,
} from "@keycloak/keycloak-admin-ui";
import { KeycloakSpinner, ListEmptyState, useAlerts } from "@keycloak/keycloak-ui-shared";
import {
  AlertVariant,
  Button,
  Label,
  LabelGroup,
  PageSection,
  Text,
  TextContent,
  TextVariants,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../shared/palisadeApi";
import { FIRST_PAGE, MemberListToolbar, type MemberQuery } from "../components/MemberListToolbar";
import { InviteDialog } from "./InviteDialog";
import {
  cancelInvitation,
  changeMember,
  getCaller,
  getCatalogue,
  invite,
  listInvitations,
  listMembers,
  resendInvitation,
  roleKey,
  type Caller,
  type Catalogue,
  type Invitation,
  type Member,
  type NewInvitation,
} from "./membersApi";
import { PendingInvitations } from "./PendingInvitations";
import { PermissionsEditor } from "./PermissionsEditor";


/**
 * The tenant's members with their base role, effective permissions, grants and revocations;
 * an editor for one member's overrides; invitations. What is offered follows the caller view
 * (`GET …/permissions/caller`), which the API computes by the rules it enforces.
 */
export default function MembersPage() {
  const { t } = useTranslation();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const { whoAmI } = useWhoAmI();
  const { hasAccess } = useAccess();
  const { addAlert } = useAlerts();
  const [caller, setCaller] = useState<Caller>();
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [query, setQuery] = useState<MemberQuery>(FIRST_PAGE);
  const [members, setMembers] = useState<Member[]>();
  const [failure, setFailure] = useState<string>();
  const [invitations, setInvitations] = useState<Invitation[]>();
  const [invitationsFailure, setInvitationsFailure] = useState<string>();
  const [editing, setEditing] = useState<Member>();
  const [inviting, setInviting] = useState(false);
  const [reload, setReload] = useState(0);

  const token = useCallback(() => adminClient.getAccessToken(), [adminClient]);
  const baseUrl = adminClient.baseUrl;
  const mayManage = hasAccess("manage-users");

  useEffect(() => {
    let current = true;
    Promise.all([getCaller(token, baseUrl, realm), getCatalogue(token, baseUrl, realm)])
      .then(([who, permissions]) => {
        if (current) {
          setCaller(who);
          setCatalogue(permissions);
        }
      })
      .catch((error: unknown) => current && setFailure(describeError(error)));
    return () => {
      current = false;
    };
  }, [token, baseUrl, realm]);

  useEffect(() => {
    let current = true;
    setMembers(undefined);
    listMembers(token, baseUrl, realm, query)
      .then((found) => current && setMembers(found))
      .catch((error: unknown) => current && setFailure(describeError(error)));
    return () => {
      current = false;
    };
  }, [token, baseUrl, realm, query, reload]);

  useEffect(() => {
    if (!mayManage) {
      return;
    }
    let current = true;
    setInvitations(undefined);
    setInvitationsFailure(undefined);
    listInvitations(token, baseUrl, realm)
      .then((found) => current && setInvitations(found))
      .catch((error: unknown) => current && setInvitationsFailure(describeError(error)));
    return () => {
      current = false;
    };
  }, [token, baseUrl, realm, mayManage, reload]);


  /** Why this admin may not edit `member`'s overrides, or undefined if they may. */
  const refusal = (member: Member): string | undefined => {
    if (!mayManage) {
      return "palisadeMembersReadOnly";
    }
    if (member.id === whoAmI.userId) {
      return "palisadeMembersNotOwn";
    }
    if (member.role === "owner" && caller?.role != null && caller.role !== "owner") {
      return "palisadeMembersOwnerOnly";
    }
    return undefined;
  };

  const save = async (member: Member, change: { grant: string[]; revoke: string[] }) => {
    try {
      await changeMember(token, baseUrl, realm, member.id, change);
      addAlert(t("palisadeMembersSaved", { username: member.username }), AlertVariant.success);
      setEditing(undefined);
      setReload((n) => n + 1);
      return true;
    } catch (error) {
      addAlert(t("palisadeMembersSaveFailed", { username: member.username }),
        AlertVariant.danger, describeError(error));
      return false;
    }
  };

  const send = async (invitation: NewInvitation) => {
    try {
      await invite(token, baseUrl, realm, invitation);
      addAlert(t("palisadeMembersInviteSent", { email: invitation.email }), AlertVariant.success);
      setInviting(false);
      setReload((n) => n + 1);
      return true;
    } catch (error) {
      addAlert(t("palisadeMembersInviteFailed", { email: invitation.email }),
        AlertVariant.danger, describeError(error));
      return false;
    }
  };

  const resend = async (invitation: Invitation) => {
    try {
      await resendInvitation(token, baseUrl, realm, invitation.userId);
      addAlert(t("palisadeMembersInvitationResent", { email: invitation.email }),
        AlertVariant.success);
      setReload((n) => n + 1);
    } catch (error) {
      addAlert(t("palisadeMembersInvitationResendFailed", { email: invitation.email }),
        AlertVariant.danger, describeError(error));
    }
  };

  const cancel = async (invitation: Invitation) => {
    try {
      await cancelInvitation(token, baseUrl, realm, invitation.userId);
      addAlert(t("palisadeMembersInvitationCancelled", { email: invitation.email }),
        AlertVariant.success);
      setReload((n) => n + 1);
    } catch (error) {
      addAlert(t("palisadeMembersInvitationCancelFailed", { email: invitation.email }),
        AlertVariant.danger, describeError(error));
    }
  };

  const mayInvite = mayManage && (caller?.mayInviteRoles.length ?? 0) > 0;

  return (
    <>
      <ViewHeader titleKey="palisadeMembers" subKey="palisadeMembersIntro" />
      <PageSection variant="light" className="pf-v5-u-p-0">
        <MemberListToolbar texts="palisadeMembers" testIds="members" query={query}
          shown={members?.length ?? 0} onQuery={setQuery}>
          {mayInvite && (
            <ToolbarItem>
              <Button variant="primary" data-testid="invite-member"
                onClick={() => setInviting(true)}>
                {t("palisadeMembersInvite")}
              </Button>
            </ToolbarItem>
          )}
        </MemberListToolbar>
        {failure ? (
          <ListEmptyState hasIcon={false} message={t("palisadeMembersLoadFailed")}
            instructions={failure} />
        ) : !members || !caller || !catalogue ? (
          <KeycloakSpinner />
        ) : members.length === 0 ? (
          <ListEmptyState
            hasIcon={false}
            isSearchVariant={query.search !== ""}
            message={t(query.search ? "palisadeMembersNoMatch" : "palisadeMembersEmpty")}
            instructions={t(query.search ? "palisadeMembersNoMatchHelp" : "palisadeMembersEmptyHelp")}
          />
        ) : (
          <Table aria-label={t("palisadeMembersTable")} data-testid="palisade-members"
            variant="compact">
            <Thead>
              <Tr>
                <Th>{t("palisadeMembersMember")}</Th>
                <Th>{t("palisadeMembersRole")}</Th>
                <Th>{t("palisadeMembersEffective")}</Th>
                <Th modifier="wrap">{t("palisadeMembersOverrides")}</Th>
                <Th screenReaderText={t("palisadeMembersActions")} />
              </Tr>
            </Thead>
            <Tbody>
              {members.map((member) => {
                const why = refusal(member);
                const name = [member.firstName, member.lastName].filter(Boolean).join(" ");
                return (
                  <Tr key={member.id} data-testid={`member-${member.username}`}>
                    <Td dataLabel={t("palisadeMembersMember")}>
                      <TextContent>
                        <Text component={TextVariants.p}>{member.username}</Text>
                        {(name || (member.email && member.email !== member.username)) && (
                          <Text component={TextVariants.small}>
                            {[name, member.email !== member.username ? member.email : ""]
                              .filter(Boolean).join(" · ")}
                          </Text>
                        )}
                      </TextContent>
                    </Td>
                    <Td dataLabel={t("palisadeMembersRole")}>
                      {member.role ? t(roleKey(member.role)) : t("palisadeMembersNoRole")}
                    </Td>
                    <Td dataLabel={t("palisadeMembersEffective")}>
                      <PermissionLabels permissions={member.effective} color="blue"
                        label={t("palisadeMembersEffectiveOf", { username: member.username })}
                        none={t("palisadeMembersNone")} />
                    </Td>
                    <Td dataLabel={t("palisadeMembersOverrides")}>
                      <Overrides member={member} />
                    </Td>
                    <Td isActionCell>
                      {why ? (
                        <Text component={TextVariants.small} className="pf-v5-u-color-200">
                          {t(why)}
                        </Text>
                      ) : (
                        <Button variant="secondary" size="sm"
                          data-testid={`edit-permissions-${member.username}`}
                          aria-label={t("palisadeMembersEditFor", { username: member.username })}
                          onClick={() => setEditing(member)}>
                          {t("palisadeMembersEdit")}
                        </Button>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </PageSection>
      {mayManage && (
        <PendingInvitations invitations={invitations} failure={invitationsFailure}
          onResend={resend} onCancel={cancel} />
      )}
      {editing && caller && catalogue && (
        <PermissionsEditor member={editing} catalogue={catalogue} mayGrant={caller.mayGrant}
          onSave={(change) => save(editing, change)} onClose={() => setEditing(undefined)} />
      )}
      {inviting && caller && (
        <InviteDialog roles={caller.mayInviteRoles} onSend={send}
          onClose={() => setInviting(false)} />
      )}
    </>
  );
}

function PermissionLabels({ permissions, color, label, none, prefix = "" }: {
  permissions: string[];
  color: "blue" | "green" | "red";
  label: string;
  none?: string;
  prefix?: string;
}) {
  if (permissions.length === 0) {
    return none ? <span className="pf-v5-u-color-200">{none}</span> : null;
  }
  return (
    <LabelGroup numLabels={4} aria-label={label}>
      {permissions.map((permission) => (
        <Label key={permission} color={color} isCompact>{prefix}{permission}</Label>
      ))}
    </LabelGroup>
  );
}

function Overrides({ member }: { member: Member }) {
  const { t } = useTranslation();
  if (member.grant.length === 0 && member.revoke.length === 0) {
    return <span className="pf-v5-u-color-200">{t("palisadeMembersNone")}</span>;
  }
  return (
    <>
      {member.grant.length > 0 && (
        <div>
          <span className="pf-v5-screen-reader">{t("palisadeMembersGranted")}: </span>
          <PermissionLabels permissions={member.grant} color="green" prefix="+ "
            label={t("palisadeMembersGrantsOf", { username: member.username })} />
        </div>
      )}
      {member.revoke.length > 0 && (
        <div>
          <span className="pf-v5-screen-reader">{t("palisadeMembersRevoked")}: </span>
          <PermissionLabels permissions={member.revoke} color="red" prefix="− "
            label={t("palisadeMembersRevocationsOf", { username: member.username })} />
        </div>
      )}
    </>
  );
}

