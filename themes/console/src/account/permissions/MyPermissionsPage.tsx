import {
  Page as AccountPage,
  useEnvironment,
  type AccountEnvironment,
} from "@keycloak/keycloak-account-ui";
import { Alert, Spinner } from "@patternfly/react-core";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FactorsSection } from "./FactorsSection";
import { fetchMyAccount, type MyAccount } from "./myAccount";
import { PermissionsSection } from "./PermissionsSection";

/** Keycloak's route of the "Signing in" page, under the account console's base URL. */
const SIGNING_IN_PATH = "account-security/signing-in";

/**
 * "Permissions": what the signed-in person's tokens carry and their second factors, read with
 * their own token from the server's account view, which evaluates both as the token does.
 */
export default function MyPermissionsPage() {
  const { t } = useTranslation();
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  const [account, setAccount] = useState<MyAccount>();
  const [error, setError] = useState<string>();

  const token = useCallback(async () => {
    await keycloak.updateToken(5);
    return keycloak.token;
  }, [keycloak]);

  useEffect(() => {
    const abort = new AbortController();
    fetchMyAccount(token, environment.serverBaseUrl, environment.realm, abort.signal)
      .then(setAccount)
      .catch((reason: Error) => {
        if (!abort.signal.aborted) {
          setError(reason.message);
        }
      });
    return () => abort.abort();
  }, [token, environment.serverBaseUrl, environment.realm]);

  const signingInPath =
    new URL(environment.baseUrl).pathname.replace(/\/?$/, "/") + SIGNING_IN_PATH;

  return (
    <AccountPage title={t("palisadeMyPermissionsTitle")} description={t("palisadeMyPermissionsIntro")}>
      {error ? (
        <Alert isInline variant="danger" component="h2" title={t("palisadeMyPermissionsError")}>
          {error}
        </Alert>
      ) : !account ? (
        <Spinner aria-label={t("palisadeMyPermissionsLoading")} />
      ) : (
        <>
          <PermissionsSection account={account} />
          <FactorsSection account={account} signingInPath={signingInPath} />
        </>
      )}
    </AccountPage>
  );
}
