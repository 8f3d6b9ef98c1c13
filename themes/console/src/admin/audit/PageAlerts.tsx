import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  type AlertProps,
} from "@patternfly/react-core";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";

type PageAlert = { key: number; variant: AlertProps["variant"]; title: string; description?: string };

/**
 * Toast alerts of one Palisade page. Keycloak's console keeps its alert context inside its own
 * bundle (the package exports no way to reach it), so each page shows its own.
 */
export function usePageAlerts() {
  const { t } = useTranslation();
  const [alerts, setAlerts] = useState<PageAlert[]>([]);

  const remove = useCallback(
    (key: number) => setAlerts((current) => current.filter((alert) => alert.key !== key)),
    [],
  );

  const addAlert = useCallback(
    (title: string, variant: AlertProps["variant"] = "success", description?: string) => {
      const key = Date.now() + Math.random();
      setAlerts((current) => [...current, { key, variant, title, description }]);
      setTimeout(() => remove(key), 8000);
    },
    [remove],
  );

  const alertGroup = (
    <AlertGroup isToast isLiveRegion>
      {alerts.map(({ key, variant, title, description }) => (
        <Alert
          key={key}
          variant={variant}
          title={title}
          actionClose={
            <AlertActionCloseButton title={title} aria-label={t("close")}
              onClose={() => remove(key)} />
          }
        >
          {description}
        </Alert>
      ))}
    </AlertGroup>
  );

  return { addAlert, alertGroup };
}
