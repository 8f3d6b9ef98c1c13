import { useAdminClient, useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  AlertVariant,
  Button,
  Flex,
  FlexItem,
  PageSection,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from "@patternfly/react-core";
import { useAlerts } from "@keycloak/keycloak-ui-shared";
import { AngleLeftIcon, AngleRightIcon, DownloadIcon } from "@patternfly/react-icons";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../shared/palisadeApi";
import { AuditFiltersForm } from "./AuditFiltersForm";
import { AuditRecordsTable } from "./AuditRecordsTable";
import {
  downloadKeys,
  exportRecords,
  listRecords,
  NO_FILTERS,
  verify,
  type AuditFilters,
  type AuditRecord,
  type ExportFormat,
  type Verification,
} from "./auditApi";
import { EmptyResult, Loading } from "../components/EmptyResult";
import { OfflineVerification } from "./OfflineVerification";
import { VerificationPanel } from "./VerificationPanel";

const PAGE_SIZE = 25;

/**
 * The realm's audit trail: filtered and paged records, exports in the verifiable (JSONL) and
 * the readable (CSV) form, and the chain's verification. Every read here is itself recorded
 * in the trail by the server.
 */
export default function AuditPage() {
  const { t } = useTranslation();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const { addAlert } = useAlerts();
  const token = useCallback(() => adminClient.getAccessToken(), [adminClient]);
  const baseUrl = adminClient.baseUrl;

  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [first, setFirst] = useState(0);
  const [records, setRecords] = useState<AuditRecord[]>();
  const [recordsFailure, setRecordsFailure] = useState<string>();

  const [verification, setVerification] = useState<Verification>();
  const [verifyFailure, setVerifyFailure] = useState<string>();
  const [verifying, setVerifying] = useState(true);
  const [verifyRun, setVerifyRun] = useState(0);

  useEffect(() => {
    let current = true;
    setRecords(undefined);
    setRecordsFailure(undefined);
    listRecords(token, baseUrl, realm, filters, first, PAGE_SIZE)
      .then((page) => current && setRecords(page))
      .catch((error: unknown) => current && setRecordsFailure(describeError(error)));
    return () => {
      current = false;
    };
  }, [token, baseUrl, realm, filters, first]);

  useEffect(() => {
    let current = true;
    setVerifying(true);
    setVerifyFailure(undefined);
    verify(token, baseUrl, realm)
      .then((answer) => current && setVerification(answer))
      .catch((error: unknown) => current && setVerifyFailure(describeError(error)))
      .finally(() => current && setVerifying(false));
    return () => {
      current = false;
    };
  }, [token, baseUrl, realm, verifyRun]);

  const exportAs = async (format: ExportFormat, exported: AuditFilters) => {
    try {
      await exportRecords(token, baseUrl, realm, exported, format);
    } catch (error) {
      addAlert(t("palisadeAuditExportFailed"), AlertVariant.danger, describeError(error));
    }
  };

  const saveKeys = async () => {
    try {
      await downloadKeys(token, baseUrl, realm);
    } catch (error) {
      addAlert(t("palisadeAuditKeysFailed"), AlertVariant.danger, describeError(error));
    }
  };

  return (
    <>
      <ViewHeader titleKey="palisadeAudit" subKey="palisadeAuditIntro" />
      <PageSection variant="light">
        <Flex direction={{ default: "column" }} spaceItems={{ default: "spaceItemsLg" }}>
          <FlexItem>
            <VerificationPanel
              verification={verification}
              failure={verifyFailure}
              busy={verifying}
              onVerify={() => setVerifyRun((n) => n + 1)}
            />
          </FlexItem>
          <FlexItem>
            <OfflineVerification
              realm={realm}
              onDownloadKeys={saveKeys}
              onExport={() => exportAs("jsonl", NO_FILTERS)}
            />
          </FlexItem>
          <FlexItem>
            <Title headingLevel="h2" size="lg" className="pf-v5-u-mb-md">
              {t("palisadeAuditRecords")}
            </Title>
            <AuditFiltersForm
              onApply={(applied) => {
                setFirst(0);
                setFilters(applied);
              }}
            />
          </FlexItem>
        </Flex>
      </PageSection>
      <PageSection variant="light" className="pf-v5-u-pt-0">
        <Toolbar>
          <ToolbarContent>
            <ToolbarGroup>
              <ToolbarItem>
                <Button variant="secondary" icon={<DownloadIcon />} data-testid="audit-export-jsonl"
                  onClick={() => exportAs("jsonl", filters)}>
                  {t("palisadeAuditExportJsonl")}
                </Button>
              </ToolbarItem>
              <ToolbarItem>
                <Button variant="secondary" icon={<DownloadIcon />} data-testid="audit-export-csv"
                  onClick={() => exportAs("csv", filters)}>
                  {t("palisadeAuditExportCsv")}
                </Button>
              </ToolbarItem>
            </ToolbarGroup>
            <ToolbarItem variant="pagination" align={{ default: "alignRight" }}>
              <nav aria-label={t("palisadeAuditPaging")}
                className="pf-v5-u-display-flex pf-v5-u-align-items-center">
                <span className="pf-v5-u-mr-sm" aria-live="polite">
                  {records && records.length > 0
                    ? t("palisadeAuditPageRange", { from: first + 1, to: first + records.length })
                    : ""}
                </span>
                <Button variant="plain" data-testid="audit-previous" isDisabled={first === 0}
                  aria-label={t("palisadeAuditPrevious")}
                  onClick={() => setFirst(Math.max(0, first - PAGE_SIZE))}>
                  <AngleLeftIcon />
                </Button>
                <Button variant="plain" data-testid="audit-next"
                  isDisabled={!records || records.length < PAGE_SIZE}
                  aria-label={t("palisadeAuditNext")} onClick={() => setFirst(first + PAGE_SIZE)}>
                  <AngleRightIcon />
                </Button>
              </nav>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {recordsFailure ? (
          <Alert variant="danger" isInline component="h3" title={t("palisadeAuditLoadFailed")}
            data-testid="audit-error">
            {recordsFailure}
          </Alert>
        ) : !records ? (
          <Loading label={t("palisadeAuditLoading")} />
        ) : records.length === 0 ? (
          <EmptyResult title={t("palisadeAuditEmpty")} body={t("palisadeAuditEmptyHelp")} />
        ) : (
          <AuditRecordsTable records={records} />
        )}
      </PageSection>
    </>
  );
}
