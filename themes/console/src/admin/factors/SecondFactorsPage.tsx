import { useAdminClient, useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  AlertVariant,
  Button,
  Label,
  LabelGroup,
  PageSection,
  Text,
  TextContent,
  TextVariants,
} from "@patternfly/react-core";
import { useAlerts } from "@keycloak/keycloak-ui-shared";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../shared/palisadeApi";
import { FIRST_PAGE, MemberListToolbar, type MemberQuery } from "../components/MemberListToolbar";
import { formatInstant } from "../audit/instants";
import { EmptyResult, Loading } from "../components/EmptyResult";
import {
  FACTOR_TYPE_KEYS,
  listMembers,
  resetFactors,
  type MemberFactors,
} from "./factorsApi";
import { ResetFactorsDialog } from "./ResetFactorsDialog";


/**
 * Each member's second factors and their last sign-in with one; "Reset second factors" where
 * the API says this admin may reset that member's (never an Owner's, for an Admin).
 */
export default function SecondFactorsPage() {
  const { t, i18n } = useTranslation();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const { addAlert } = useAlerts();
  const [query, setQuery] = useState<MemberQuery>(FIRST_PAGE);
  const [members, setMembers] = useState<MemberFactors[]>();
  const [failure, setFailure] = useState<string>();
  const [resetting, setResetting] = useState<MemberFactors>();
  const [reload, setReload] = useState(0);

  const token = useCallback(() => adminClient.getAccessToken(), [adminClient]);

  useEffect(() => {
    let current = true;
    setMembers(undefined);
    setFailure(undefined);
    listMembers(token, adminClient.baseUrl, realm, query)
      .then((found) => current && setMembers(found))
      .catch((error: unknown) => current && setFailure(describeError(error)));
    return () => {
      current = false;
    };
  }, [token, adminClient.baseUrl, realm, query, reload]);


  const confirmReset = async () => {
    const member = resetting!;
    try {
      const { removed } = await resetFactors(token, adminClient.baseUrl, realm, member.id);
      addAlert(t("palisadeFactorsResetDone", { username: member.username, count: removed }),
        AlertVariant.success);
      setReload((n) => n + 1);
    } catch (error) {
      addAlert(t("palisadeFactorsResetFailed", { username: member.username }),
        AlertVariant.danger, describeError(error));
    } finally {
      setResetting(undefined);
    }
  };

  return (
    <>
      <ViewHeader titleKey="palisadeSecondFactors" subKey="palisadeFactorsIntro" />
      <PageSection variant="light" className="pf-v5-u-p-0">
        <MemberListToolbar texts="palisadeFactors" testIds="factors" query={query}
          shown={members?.length ?? 0} onQuery={setQuery} />
        {failure ? (
          <EmptyResult title={t("palisadeFactorsLoadFailed")} body={failure}
            testId="factors-error" />
        ) : !members ? (
          <Loading label={t("palisadeFactorsLoading")} />
        ) : members.length === 0 ? (
          <EmptyResult
            title={t(query.search ? "palisadeFactorsNoMatch" : "palisadeFactorsEmpty")}
            body={t(query.search ? "palisadeFactorsNoMatchHelp" : "palisadeFactorsEmptyHelp")}
          />
        ) : (
          <Table aria-label={t("palisadeFactorsTable")} data-testid="palisade-factors"
            variant="compact">
            <Thead>
              <Tr>
                <Th modifier="wrap">{t("palisadeFactorsMember")}</Th>
                <Th modifier="wrap">{t("palisadeFactorsRole")}</Th>
                <Th modifier="wrap">{t("palisadeFactorsFactors")}</Th>
                <Th modifier="wrap">{t("palisadeFactorsLastSignIn")}</Th>
                <Th screenReaderText={t("palisadeFactorsActions")} />
              </Tr>
            </Thead>
            <Tbody>
              {members.map((member) => (
                <Tr key={member.id} data-testid={`factors-${member.username}`}>
                  <Td dataLabel={t("palisadeFactorsMember")}>
                    <TextContent>
                      <Text component={TextVariants.p}>{member.username}</Text>
                      {member.email && member.email !== member.username && (
                        <Text component={TextVariants.small}>{member.email}</Text>
                      )}
                    </TextContent>
                  </Td>
                  <Td dataLabel={t("palisadeFactorsRole")}>
                    {member.role ?? t("palisadeFactorsNoRole")}
                  </Td>
                  <Td dataLabel={t("palisadeFactorsFactors")}>
                    <FactorList member={member} language={i18n.language} />
                  </Td>
                  <Td dataLabel={t("palisadeFactorsLastSignIn")}>
                    {member.lastSecondFactorSignIn ? (
                      <time dateTime={member.lastSecondFactorSignIn}>
                        {formatInstant(member.lastSecondFactorSignIn, i18n.language)}
                      </time>
                    ) : (
                      t("palisadeFactorsNever")
                    )}
                  </Td>
                  <Td isActionCell>
                    {member.mayReset && (
                      <Button
                        variant="secondary"
                        isDanger
                        size="sm"
                        data-testid={`reset-factors-${member.username}`}
                        aria-label={t("palisadeFactorsResetFor", { username: member.username })}
                        onClick={() => setResetting(member)}
                      >
                        {t("palisadeFactorsReset")}
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </PageSection>
      {resetting && (
        <ResetFactorsDialog member={resetting} onConfirm={confirmReset}
          onCancel={() => setResetting(undefined)} />
      )}
    </>
  );
}

function FactorList({ member, language }: { member: MemberFactors; language: string }) {
  const { t } = useTranslation();
  if (member.factors.length === 0) {
    return <Label color="orange">{t("palisadeFactorsNotEnrolled")}</Label>;
  }
  return (
    <LabelGroup numLabels={5} aria-label={t("palisadeFactorsOf", { username: member.username })}>
      {member.factors.map((factor, index) => {
        const type = FACTOR_TYPE_KEYS[factor.type] ? t(FACTOR_TYPE_KEYS[factor.type]) : factor.type;
        const created = formatInstant(factor.created, language);
        return (
          <Label key={index} color={factor.type === "recovery-authn-codes" ? "grey" : "blue"}
            title={t("palisadeFactorsCreated", { date: created })}>
            {factor.label && factor.label !== type ? `${type}: ${factor.label}` : type}
            <span className="pf-v5-screen-reader">
              {" "}({t("palisadeFactorsCreated", { date: created })})
            </span>
          </Label>
        );
      })}
    </LabelGroup>
  );
}

