import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import { AlertProvider } from "@keycloak/keycloak-ui-shared";
import { NavGroup } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router-dom";
import { palisadeRoutes, toPalisadePage, type PalisadePage } from "./routes";

/** Realm attribute set on every realm made from the tenant template. */
const TENANT_PLAN = "palisade.tenant.plan";

const NAV_ITEMS: { page: PalisadePage; title: string; tenantsOnly: boolean }[] = [
  { page: "members", title: "palisadeMembers", tenantsOnly: true },
  { page: "second-factors", title: "palisadeSecondFactors", tenantsOnly: false },
  { page: "audit", title: "palisadeAudit", tenantsOnly: false },
  { page: "catalogue", title: "palisadeCatalogue", tenantsOnly: true },
];

/**
 * Renders the matched page and adds a "Palisade" group to Keycloak's navigation. Keycloak's
 * PageNav takes no extra items, so the group is portalled into its <nav> element: the stock
 * navigation stays Keycloak's own, unmodified, and Palisade's links sit under it.
 * Keycloak's console bundles its own copy of the shared UI library, whose alert context
 * Palisade's pages cannot reach: they get one of their own here, for `useAlerts`.
 */
export function PalisadeSection() {
  const [nav, setNav] = useState<Element | null>(null);
  useEffect(() => {
    setNav(document.querySelector(".keycloak__page_nav__nav nav"));
  }, []);
  return (
    <>
      {nav && createPortal(<PalisadeNavGroup />, nav)}
      <AlertProvider>
        <Outlet />
      </AlertProvider>
    </>
  );
}

function PalisadeNavGroup() {
  const { t } = useTranslation();
  const { hasAccess } = useAccess();
  const { realm, realmRepresentation } = useRealm();
  const isTenant = realmRepresentation?.attributes?.[TENANT_PLAN] !== undefined;
  const items = NAV_ITEMS.filter(({ page, tenantsOnly }) => {
    const route = palisadeRoutes.find(({ path }) => path.endsWith("/" + page))!;
    const access = route.handle.access;
    return (!tenantsOnly || isTenant) && (Array.isArray(access) ? hasAccess(...access) : hasAccess(access));
  });
  if (items.length === 0) {
    return null;
  }
  return (
    <NavGroup aria-label={t("palisade")} title={t("palisade")} data-testid="palisade-nav">
      {items.map(({ page, title }) => (
        <li key={page} className="pf-v5-c-nav__item">
          <NavLink
            id={`nav-item-palisade-${page}`}
            data-testid={`nav-item-palisade-${page}`}
            to={toPalisadePage(realm, page)}
            className={({ isActive }) => `pf-v5-c-nav__link${isActive ? " pf-m-current" : ""}`}
          >
            {t(title)}
          </NavLink>
        </li>
      ))}
    </NavGroup>
  );
}
