import "@patternfly/react-core/dist/styles/base.css";
import "@patternfly/patternfly/patternfly-addons.css";
import "@keycloak/keycloak-admin-ui/styles.css";

import {
  AdminUi,
  KeycloakProvider,
  routes as keycloakRoutes,
  type AdminEnvironment,
} from "@keycloak/keycloak-admin-ui";
import { getInjectedEnvironment } from "@keycloak/keycloak-ui-shared";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createHashRouter, RouterProvider } from "react-router-dom";
import { consoleI18n } from "../shared/i18n";
import { PalisadeSection } from "./PalisadeSection";
import { palisadeRoutes } from "./routes";

const environment = getInjectedEnvironment<AdminEnvironment>();

/**
 * Keycloak's own console (its shell, navigation and every page), with Palisade's pages as
 * routes beside Keycloak's. PalisadeSection is a layout route without a path: it renders
 * whichever page matched and adds Palisade's group to Keycloak's navigation.
 */
const router = createHashRouter([
  {
    path: "/",
    element: (
      <KeycloakProvider environment={environment}>
        <AdminUi />
      </KeycloakProvider>
    ),
    children: [{ element: <PalisadeSection />, children: [...palisadeRoutes, ...keycloakRoutes] }],
  },
]);

await consoleI18n(environment.serverBaseUrl, environment.realm, "admin").init();

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
