import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  TextInput,
} from "@patternfly/react-core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { NO_FILTERS, type AuditFilters } from "./auditApi";
import { toInstant } from "./instants";

type TextFilter = "actor" | "action" | "target";

/**
 * The filters of the trail. Times take an ISO-8601 instant or a local date and time; they are
 * sent as UTC instants. Nothing is applied until the form is submitted (button or Enter).
 */
export function AuditFiltersForm({ onApply }: { onApply: (filters: AuditFilters) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [invalid, setInvalid] = useState<{ from?: boolean; to?: boolean }>({});

  const set = (name: keyof AuditFilters) => (_: unknown, value: string) =>
    setDraft((current) => ({ ...current, [name]: value }));

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const from = toInstant(draft.from);
    const to = toInstant(draft.to);
    setInvalid({ from: from === undefined, to: to === undefined });
    if (from === undefined || to === undefined) {
      return;
    }
    onApply({ ...draft, from, to });
  };

  const timeField = (name: "from" | "to", label: string) => (
    <FormGroup label={t(label)} fieldId={`audit-filter-${name}`}>
      <TextInput
        id={`audit-filter-${name}`}
        data-testid={`audit-filter-${name}`}
        value={draft[name]}
        onChange={set(name)}
        placeholder="2026-01-31T23:59:59Z"
        validated={invalid[name] ? "error" : "default"}
        aria-describedby={`audit-filter-${name}-help`}
      />
      <FormHelperText>
        <HelperText id={`audit-filter-${name}-help`}>
          <HelperTextItem variant={invalid[name] ? "error" : "default"}>
            {t(invalid[name] ? "palisadeAuditTimeInvalid" : "palisadeAuditTimeHelp")}
          </HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );

  const textField = (name: TextFilter, label: string, help: string) => (
    <FormGroup label={t(label)} fieldId={`audit-filter-${name}`}>
      <TextInput
        id={`audit-filter-${name}`}
        data-testid={`audit-filter-${name}`}
        value={draft[name]}
        onChange={set(name)}
        aria-describedby={`audit-filter-${name}-help`}
      />
      <FormHelperText>
        <HelperText id={`audit-filter-${name}-help`}>
          <HelperTextItem>{t(help)}</HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );

  return (
    <Form onSubmit={submit} aria-label={t("palisadeAuditFilters")} data-testid="audit-filters">
      <Grid hasGutter md={6} xl={4}>
        <GridItem>{timeField("from", "palisadeAuditFrom")}</GridItem>
        <GridItem>{timeField("to", "palisadeAuditTo")}</GridItem>
        <GridItem>
          <FormGroup label={t("palisadeAuditOutcome")} fieldId="audit-filter-outcome">
            <FormSelect
              id="audit-filter-outcome"
              data-testid="audit-filter-outcome"
              value={draft.outcome}
              onChange={set("outcome")}
            >
              <FormSelectOption value="" label={t("palisadeAuditOutcomeAny")} />
              <FormSelectOption value="success" label={t("palisadeAuditOutcomeSuccess")} />
              <FormSelectOption value="failure" label={t("palisadeAuditOutcomeFailure")} />
            </FormSelect>
          </FormGroup>
        </GridItem>
        <GridItem>{textField("actor", "palisadeAuditActor", "palisadeAuditActorHelp")}</GridItem>
        <GridItem>{textField("action", "palisadeAuditAction", "palisadeAuditActionHelp")}</GridItem>
        <GridItem>{textField("target", "palisadeAuditTarget", "palisadeAuditTargetHelp")}</GridItem>
      </Grid>
      <ActionGroup>
        <Button type="submit" variant="primary" data-testid="audit-apply">
          {t("palisadeAuditApply")}
        </Button>
        <Button
          variant="link"
          data-testid="audit-clear"
          onClick={() => {
            setDraft(NO_FILTERS);
            setInvalid({});
            onApply(NO_FILTERS);
          }}
        >
          {t("palisadeAuditClear")}
        </Button>
      </ActionGroup>
    </Form>
  );
}
