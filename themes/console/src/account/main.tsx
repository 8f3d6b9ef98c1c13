import "@patternfly/react-core/dist/styles/base.css";
import "@patternfly/patternfly/patternfly-addons.css";
import "@keycloak/keycloak-account-ui/styles.css";

import {
  Header,
  KeycloakProvider,
  PageNav,
  routes as keycloakRoutes,
  type AccountEnvironment,
} from "@keycloak/keycloak-account-ui";
import { getInjectedEnvironment } from "@keycloak/keycloak-ui-shared";
import { Page, Spinner } from "@patternfly/react-core";
import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { Outlet, createBrowserRouter, RouterProvider } from "react-router-dom";
import { consoleI18n } from "../shared/i18n";

const MyPermissionsPage = lazy(() => import("./permissions/MyPermissionsPage"));

const environment = getInjectedEnvironment<AccountEnvironment>();

/** Path of Palisade's page; content.json (this theme's menu) links to it. */
export const MY_PERMISSIONS_PATH = "palisade/permissions";

/**
 * Keycloak's account console (its header, the menu from this theme's content.json, and
 * every page), with Palisade's "Permissions" page as one more route.
 */
const router = createBrowserRouter([
  {
    path: decodeURIComponent(new URL(environment.baseUrl).pathname),
    element: (
      <KeycloakProvider environment={environment}>
        <Page header={<Header />} sidebar={<PageNav />} isManagedSidebar>
          <Suspense fallback={<Spinner />}>
            <Outlet />
          </Suspense>
        </Page>
      </KeycloakProvider>
    ),
    children: [...keycloakRoutes, { path: MY_PERMISSIONS_PATH, element: <MyPermissionsPage /> }],
  },
]);

await consoleI18n(environment.serverBaseUrl, environment.realm, "account").init();

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
