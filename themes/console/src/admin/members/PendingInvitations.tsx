import { useConfirmDialog } from "@keycloak/keycloak-admin-ui";
import { KeycloakSpinner, ListEmptyState } from "@keycloak/keycloak-ui-shared";
import { Button, ButtonVariant, PageSection, Title } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatInstant } from "../audit/instants";
import { roleKey, type Invitation } from "./membersApi";

/** Invitations sent and not yet accepted, each to send again or to withdraw. */
export function PendingInvitations({ invitations, failure, onResend, onCancel }: {
  invitations?: Invitation[];
  failure?: string;
  onResend: (invitation: Invitation) => Promise<void>;
  onCancel: (invitation: Invitation) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [cancelling, setCancelling] = useState<Invitation>();
  const [busy, setBusy] = useState<string>();
  const [toggleCancel, CancelDialog] = useConfirmDialog({
    titleKey: t("palisadeMembersInvitationCancelTitle", { email: cancelling?.email ?? "" }),
    messageKey: t("palisadeMembersInvitationCancelExplained"),
    continueButtonLabel: "palisadeMembersInvitationCancel",
    continueButtonVariant: ButtonVariant.danger,
    onConfirm: async () => {
      if (cancelling) {
        await onCancel(cancelling);
      }
    },
  });

  const resend = async (invitation: Invitation) => {
    setBusy(invitation.userId);
    await onResend(invitation);
    setBusy(undefined);
  };

  return (
    <PageSection variant="light" aria-labelledby="palisade-pending-title">
      <CancelDialog />
      <Title headingLevel="h2" id="palisade-pending-title" className="pf-v5-u-mb-md">
        {t("palisadeMembersPending")}
      </Title>
      {failure ? (
        <ListEmptyState hasIcon={false} message={t("palisadeMembersPendingFailed")}
          instructions={failure} />
      ) : !invitations ? (
        <KeycloakSpinner />
      ) : invitations.length === 0 ? (
        <p data-testid="pending-invitations-empty">{t("palisadeMembersPendingEmpty")}</p>
      ) : (
        <Table aria-label={t("palisadeMembersPending")} data-testid="pending-invitations"
          variant="compact">
          <Thead>
            <Tr>
              <Th>{t("palisadeMembersEmail")}</Th>
              <Th>{t("palisadeMembersRole")}</Th>
              <Th>{t("palisadeMembersInvitedBy")}</Th>
              <Th>{t("palisadeMembersSent")}</Th>
              <Th>{t("palisadeMembersExpires")}</Th>
              <Th screenReaderText={t("palisadeMembersActions")} />
            </Tr>
          </Thead>
          <Tbody>
            {invitations.map((invitation) => (
              <Tr key={invitation.userId} data-testid={`invitation-${invitation.email}`}>
                <Td dataLabel={t("palisadeMembersEmail")}>{invitation.email}</Td>
                <Td dataLabel={t("palisadeMembersRole")}>{t(roleKey(invitation.role))}</Td>
                <Td dataLabel={t("palisadeMembersInvitedBy")}>{invitation.invitedBy}</Td>
                <Td dataLabel={t("palisadeMembersSent")}>
                  {invitation.sentAt ? (
                    <time dateTime={invitation.sentAt}>
                      {formatInstant(invitation.sentAt, i18n.language)}
                    </time>
                  ) : "—"}
                </Td>
                <Td dataLabel={t("palisadeMembersExpires")}>
                  <time dateTime={invitation.expiresAt}>
                    {formatInstant(invitation.expiresAt, i18n.language)}
                  </time>
                </Td>
                <Td isActionCell>
                  <Button variant="secondary" size="sm" className="pf-v5-u-mr-sm"
                    data-testid={`resend-invitation-${invitation.email}`}
                    aria-label={t("palisadeMembersInvitationResendTo", { email: invitation.email })}
                    isLoading={busy === invitation.userId} isDisabled={busy === invitation.userId}
                    onClick={() => resend(invitation)}>
                    {t("palisadeMembersInvitationResend")}
                  </Button>
                  <Button variant="link" isDanger size="sm"
                    data-testid={`cancel-invitation-${invitation.email}`}
                    aria-label={t("palisadeMembersInvitationCancelTo", { email: invitation.email })}
                    onClick={() => {
                      setCancelling(invitation);
                      toggleCancel();
                    }}>
                    {t("palisadeMembersInvitationCancel")}
                  </Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}
