import {
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  Title,
} from "@patternfly/react-core";
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditRecord } from "./auditApi";
import { formatInstant } from "./instants";

const COLUMNS = 7;

/** One page of records, newest first; each row opens to its full record. */
export function AuditRecordsTable({ records }: { records: AuditRecord[] }) {
  const { t, i18n } = useTranslation();
  const [expanded, setExpanded] = useState<Set<number>>(new Set());

  const toggle = (seq: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(seq)) {
        next.add(seq);
      }
      return next;
    });

  return (
    <Table aria-label={t("palisadeAuditRecords")} data-testid="audit-records" variant="compact"
      isExpandable>
      <Thead>
        <Tr>
          <Th screenReaderText={t("palisadeAuditShowDetails")} />
          <Th modifier="wrap">{t("palisadeAuditTime")}</Th>
          <Th modifier="wrap">{t("palisadeAuditActor")}</Th>
          <Th modifier="wrap">{t("palisadeAuditAction")}</Th>
          <Th modifier="wrap">{t("palisadeAuditTarget")}</Th>
          <Th modifier="wrap">{t("palisadeAuditOutcome")}</Th>
          <Th modifier="wrap">{t("palisadeAuditIp")}</Th>
        </Tr>
      </Thead>
      {records.map((record, rowIndex) => {
        const isExpanded = expanded.has(record.seq);
        return (
          <Tbody key={record.seq} isExpanded={isExpanded}>
            <Tr data-testid={`audit-record-${record.seq}`}>
              <Td
                expand={{
                  rowIndex,
                  isExpanded,
                  onToggle: () => toggle(record.seq),
                  expandId: `audit-details-toggle-${record.seq}`,
                }}
              />
              <Td dataLabel={t("palisadeAuditTime")}>
                <time dateTime={record.time}>{formatInstant(record.time, i18n.language)}</time>
              </Td>
              <Td dataLabel={t("palisadeAuditActor")}>{actorOf(record)}</Td>
              <Td dataLabel={t("palisadeAuditAction")}>{record.action}</Td>
              <Td dataLabel={t("palisadeAuditTarget")} modifier="breakWord">{targetOf(record)}</Td>
              <Td dataLabel={t("palisadeAuditOutcome")}>
                <Label color={record.outcome === "success" ? "green" : "red"}>
                  {record.outcome}
                </Label>
              </Td>
              <Td dataLabel={t("palisadeAuditIp")}>{record.ip ?? ""}</Td>
            </Tr>
            <Tr isExpanded={isExpanded}>
              <Td colSpan={COLUMNS}>
                <ExpandableRowContent>
                  {isExpanded && <RecordDetails record={record} />}
                </ExpandableRowContent>
              </Td>
            </Tr>
          </Tbody>
        );
      })}
    </Table>
  );
}

function RecordDetails({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  const item = (term: string, value: string | number | null | undefined) => (
    <DescriptionListGroup>
      <DescriptionListTerm>{t(term)}</DescriptionListTerm>
      <DescriptionListDescription className="pf-v5-u-text-break-word">
        {value ?? "—"}
      </DescriptionListDescription>
    </DescriptionListGroup>
  );
  return (
    <>
      <DescriptionList isCompact isHorizontal columnModifier={{ default: "1Col", "2xl": "2Col" }}>
        {item("palisadeAuditSeq", record.seq)}
        {item("palisadeAuditId", record.id)}
        {item("palisadeAuditTime", record.time)}
        {item("palisadeAuditActorType", record.actor.type)}
        {item("palisadeAuditActorId", record.actor.id)}
        {item("palisadeAuditActorUsername", record.actor.username)}
        {item("palisadeAuditTargetType", record.target.type)}
        {item("palisadeAuditTargetId", record.target.id)}
        {item("palisadeAuditUserAgent", record.userAgent)}
        {item("palisadeAuditHash", record.hash)}
      </DescriptionList>
      <Title headingLevel="h3" size="md" className="pf-v5-u-mt-md pf-v5-u-mb-sm">
        {t("palisadeAuditDetails")}
      </Title>
      <CodeBlock>
        <CodeBlockCode>{JSON.stringify(record.details ?? {}, null, 2)}</CodeBlockCode>
      </CodeBlock>
    </>
  );
}

function actorOf({ actor }: AuditRecord) {
  return actor.username ?? actor.id ?? actor.type;
}

function targetOf({ target }: AuditRecord) {
  return target.id ? `${target.type}: ${target.id}` : target.type;
}
