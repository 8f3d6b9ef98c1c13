import type { AccessType } from "@keycloak/keycloak-admin-client/lib/defs/whoAmIRepresentation";
import type { TFunction } from "i18next";
import { lazy } from "react";
import { generatePath, type NonIndexRouteObject } from "react-router-dom";

/** The shape Keycloak's console gives its routes: its AuthWall reads `handle.access`. */
export type ConsoleRoute = NonIndexRouteObject & {
  path: string;
  handle: { access: AccessType | AccessType[]; breadcrumb?: (t: TFunction) => string };
};

const MembersPage = lazy(() => import("./members/MembersPage"));
const SecondFactorsPage = lazy(() => import("./factors/SecondFactorsPage"));
const AuditPage = lazy(() => import("./audit/AuditPage"));
const CataloguePage = lazy(() => import("./catalogue/CataloguePage"));

/**
 * Palisade's pages. `handle.access` is what Keycloak's console checks before showing a page
 * (and a nav link); the REST API behind each page checks again and is what decides.
 */
export const palisadeRoutes: ConsoleRoute[] = [
  {
    path: "/:realm/palisade/members",
    element: <MembersPage />,
    handle: { access: "view-users", breadcrumb: (t) => t("palisadeMembers") },
  },
  {
    path: "/:realm/palisade/second-factors",
    element: <SecondFactorsPage />,
    handle: { access: "view-users", breadcrumb: (t) => t("palisadeSecondFactors") },
  },
  {
    path: "/:realm/palisade/audit",
    element: <AuditPage />,
    handle: { access: "view-events", breadcrumb: (t) => t("palisadeAudit") },
  },
  {
    path: "/:realm/palisade/catalogue",
    element: <CataloguePage />,
    handle: { access: "view-users", breadcrumb: (t) => t("palisadeCatalogue") },
  },
];

export type PalisadePage = "members" | "second-factors" | "audit" | "catalogue";

export const toPalisadePage = (realm: string, page: PalisadePage) =>
  generatePath("/:realm/palisade/" + page, { realm });
