import { Alert, List, ListItem, Text, TextContent, Title } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { MyAccount, MyFactor } from "./myAccount";

/** Keycloak's credential types of second factors, and the message naming each. */
const FACTOR_NAMES: Record<string, string> = {
  otp: "palisadeFactorOtp",
  "webauthn-passwordless": "palisadeFactorPasskey",
  webauthn: "palisadeFactorSecurityKey",
  "recovery-authn-codes": "palisadeFactorRecoveryCodes",
};

/**
 * The person's second factors and, when only one standing factor remains, why it cannot be
 * removed and what to do instead: Palisade never leaves an account without a second factor.
 */
export function FactorsSection({
  account,
  signingInPath,
}: {
  account: MyAccount;
  signingInPath: string;
}) {
  const { t, i18n } = useTranslation();
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  const describe = (factor: MyFactor) => {
    const name = t(FACTOR_NAMES[factor.type] ?? "palisadeFactorOther", { type: factor.type });
    // Keycloak names some credentials after their type ("Recovery codes"); say it once.
    const label = factor.label.trim();
    return label && label.toLowerCase() !== name.toLowerCase() ? `${name} — ${label}` : name;
  };
  return (
    <section aria-labelledby="palisade-my-factors" className="pf-v5-u-mb-xl">
      <Title headingLevel="h2" id="palisade-my-factors">
        {t("palisadeMyFactorsTitle")}
      </Title>
      <TextContent>
        <Text component="p">{t("palisadeMyFactorsHelp")}</Text>
      </TextContent>
      {account.factors.length === 0 ? (
        <TextContent>
          <Text component="p" data-testid="my-factors">
            {t("palisadeMyFactorsNone")}
          </Text>
        </TextContent>
      ) : (
        <List aria-labelledby="palisade-my-factors" data-testid="my-factors">
          {account.factors.map((factor, index) => (
            <ListItem key={`${factor.type}-${factor.created}-${index}`} data-testid="my-factor">
              <span>{describe(factor)}</span>
              {factor.created > 0 && (
                <Text component="small" className="pf-v5-u-ml-sm pf-v5-u-color-200">
                  {t("palisadeMyFactorAdded", { date: dates.format(new Date(factor.created)) })}
                </Text>
              )}
            </ListItem>
          ))}
        </List>
      )}
      {account.lastFactor && (
        <Alert
          isInline
          variant="info"
          component="h3"
          className="pf-v5-u-mt-md"
          title={t("palisadeLastFactorTitle")}
          data-testid="last-factor-notice"
        >
          <TextContent>
            <Text component="p">{t("palisadeLastFactorWhy")}</Text>
            <Text component="p">
              {t("palisadeLastFactorReplace")}{" "}
              <Link to={signingInPath}>{t("palisadeLastFactorSigningIn")}</Link>
            </Text>
            <Text component="p">{t("palisadeLastFactorLost")}</Text>
          </TextContent>
        </Alert>
      )}
    </section>
  );
}
