import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";

type Message = { key: string; value: string };

/**
 * The console's texts come from the server: the realm's theme of this type (Palisade's,
 * whose messages extend Keycloak's), so realm localization overrides apply to Palisade's
 * pages as they do to Keycloak's.
 */
export function consoleI18n(serverBaseUrl: string, realm: string, themeType: "admin" | "account") {
  const i18n = createInstance({
    fallbackLng: "en",
    // Keycloak's message keys contain dots ("x.y"); they are keys, not paths.
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
    backend: {
      loadPath: `${serverBaseUrl}/resources/${encodeURIComponent(realm)}/${themeType}/{{lng}}`,
      parse: (data: string) =>
        Object.fromEntries((JSON.parse(data) as Message[]).map(({ key, value }) => [key, value])),
    },
  });
  i18n.use(FetchBackend).use(initReactI18next);
  return i18n;
}
