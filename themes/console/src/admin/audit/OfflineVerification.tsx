import {
  Button,
  ClipboardCopy,
  ExpandableSection,
  List,
  ListItem,
  Text,
  TextContent,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * How an auditor checks an export without the server (docs/audit.md, "Verifying an export
 * offline"): the realm's JWKS, an unfiltered JSONL export and the verifier shipped in tools/.
 */
export function OfflineVerification({ realm, onDownloadKeys, onExport }: {
  realm: string;
  onDownloadKeys: () => void;
  onExport: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const keys = `${realm}-audit-keys.json`;
  const command = `java -jar palisade-audit-verifier.jar --jwks ${keys} audit-${realm}.jsonl`;
  return (
    <ExpandableSection
      toggleText={t("palisadeAuditOffline")}
      isExpanded={open}
      onToggle={(_, expanded) => setOpen(expanded)}
      data-testid="audit-offline"
    >
      <TextContent>
        <Text>{t("palisadeAuditOfflineIntro")}</Text>
      </TextContent>
      <List component="ol" className="pf-v5-u-mt-sm">
        <ListItem>
          {t("palisadeAuditOfflineKeys")}{" "}
          <Button variant="link" isInline data-testid="audit-download-keys" onClick={onDownloadKeys}>
            {t("palisadeAuditDownloadKeys")}
          </Button>
        </ListItem>
        <ListItem>
          {t("palisadeAuditOfflineExport")}{" "}
          <Button variant="link" isInline data-testid="audit-offline-export" onClick={onExport}>
            {t("palisadeAuditExportWhole")}
          </Button>
        </ListItem>
        <ListItem>
          {t("palisadeAuditOfflineRun")}
          <ClipboardCopy
            isReadOnly
            isCode
            hoverTip={t("palisadeAuditCopy")}
            clickTip={t("palisadeAuditCopied")}
            textAriaLabel={t("palisadeAuditOfflineCommand")}
            toggleAriaLabel={t("palisadeAuditOfflineCommand")}
            className="pf-v5-u-mt-sm"
          >
            {command}
          </ClipboardCopy>
        </ListItem>
      </List>
      <TextContent className="pf-v5-u-mt-sm">
        <Text component="small">{t("palisadeAuditOfflineNote")}</Text>
      </TextContent>
    </ExpandableSection>
  );
}
