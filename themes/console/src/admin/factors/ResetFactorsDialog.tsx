import { Button, Modal, ModalVariant, Text, TextContent } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MemberFactors } from "./factorsApi";

/**
 * Asks before a reset: it removes every second factor and recovery code of the member and
 * signs them out everywhere, and cannot be undone.
 */
export function ResetFactorsDialog({ member, onConfirm, onCancel }: {
  member: MemberFactors;
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      variant={ModalVariant.small}
      titleIconVariant="warning"
      title={t("palisadeFactorsResetTitle", { username: member.username })}
      isOpen
      onClose={onCancel}
      data-testid="reset-factors-dialog"
      actions={[
        <Button
          key="confirm"
          variant="danger"
          data-testid="confirm-reset"
          isLoading={busy}
          isDisabled={busy}
          onClick={async () => {
            setBusy(true);
            await onConfirm();
          }}
        >
          {t("palisadeFactorsResetConfirm")}
        </Button>,
        <Button key="cancel" variant="link" data-testid="cancel-reset" onClick={onCancel}>
          {t("cancel")}
        </Button>,
      ]}
    >
      <TextContent>
        <Text>{t("palisadeFactorsResetExplained", { username: member.username })}</Text>
        <Text>{t("palisadeFactorsResetNext")}</Text>
      </TextContent>
    </Modal>
  );
}
