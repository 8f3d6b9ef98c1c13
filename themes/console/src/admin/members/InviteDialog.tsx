import {
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Modal,
  ModalVariant,
  TextInput,
} from "@patternfly/react-core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { roleKey, type NewInvitation } from "./membersApi";

/**
 * Invites a person by email to one of the roles this admin may give (the caller view's
 * `mayInviteRoles`, lowest role first selected). The API decides again on send.
 */
export function InviteDialog({ roles, onSend, onClose }: {
  roles: string[];
  onSend: (invitation: NewInvitation) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [invitation, setInvitation] = useState<NewInvitation>({
    email: "", firstName: "", lastName: "", role: roles[roles.length - 1] ?? "",
  });
  const [busy, setBusy] = useState(false);
  const set = (field: keyof NewInvitation) => (_: unknown, value: string) =>
    setInvitation((current) => ({ ...current, [field]: value }));
  const complete = invitation.email.trim() !== "" && invitation.role !== "";

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!complete || busy) {
      return;
    }
    setBusy(true);
    const sent = await onSend({
      ...invitation,
      email: invitation.email.trim(),
      firstName: invitation.firstName.trim(),
      lastName: invitation.lastName.trim(),
    });
    if (!sent) {
      setBusy(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.small}
      title={t("palisadeMembersInviteTitle")}
      description={t("palisadeMembersInviteIntro")}
      isOpen
      onClose={onClose}
      data-testid="invite-dialog"
      actions={[
        <Button key="send" variant="primary" type="submit" form="palisade-invite-form"
          data-testid="send-invitation" isLoading={busy} isDisabled={busy || !complete}>
          {t("palisadeMembersInviteSend")}
        </Button>,
        <Button key="cancel" variant="link" data-testid="cancel-invitation" onClick={onClose}>
          {t("cancel")}
        </Button>,
      ]}
    >
      <Form id="palisade-invite-form" onSubmit={submit}>
        <FormGroup label={t("palisadeMembersEmail")} fieldId="invite-email" isRequired>
          <TextInput id="invite-email" data-testid="invite-email" type="email" isRequired
            autoComplete="off" value={invitation.email} onChange={set("email")} />
        </FormGroup>
        <FormGroup label={t("palisadeMembersFirstName")} fieldId="invite-first-name">
          <TextInput id="invite-first-name" data-testid="invite-first-name" autoComplete="off"
            value={invitation.firstName} onChange={set("firstName")} />
        </FormGroup>
        <FormGroup label={t("palisadeMembersLastName")} fieldId="invite-last-name">
          <TextInput id="invite-last-name" data-testid="invite-last-name" autoComplete="off"
            value={invitation.lastName} onChange={set("lastName")} />
        </FormGroup>
        <FormGroup label={t("palisadeMembersInviteRole")} fieldId="invite-role" isRequired>
          <FormSelect id="invite-role" data-testid="invite-role" isRequired
            value={invitation.role} onChange={set("role")}>
            {roles.map((role) => (
              <FormSelectOption key={role} value={role} label={t(roleKey(role))} />
            ))}
          </FormSelect>
        </FormGroup>
      </Form>
    </Modal>
  );
}
