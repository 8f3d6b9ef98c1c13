import { useAdminClient, useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import { KeycloakSpinner, ListEmptyState, useAlerts } from "@keycloak/keycloak-ui-shared";
import {
  AlertVariant,
  Button,
  Checkbox,
  PageSection,
  Text,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { CheckIcon, MinusCircleIcon, PlusCircleIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../shared/palisadeApi";
import {
  BASE_ROLES,
  getCaller,
  getCatalogue,
  roleKey,
  type Catalogue,
} from "../members/membersApi";
import { saveCatalogue } from "./catalogueApi";

/** Lower-case words joined by dots, as the API accepts them (`documents.read`). */
const NAME = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;
const MAX_NAME = 64;

/** One row while editing: `key` stays stable while the name is typed. */
type Row = { key: number; name: string; description: string; isNew: boolean; roles: Set<string> };

/**
 * The tenant's permissions and each base role's set. Everyone with `view-users` reads it; the
 * Owner (the caller view's `mayEditCatalogue`) edits it and saves it whole.
 */
export default function CataloguePage() {
  const { t } = useTranslation();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const { addAlert } = useAlerts();
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [mayEdit, setMayEdit] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [rows, setRows] = useState<Row[]>();
  const [busy, setBusy] = useState(false);
  const [nextKey, setNextKey] = useState(0);

  const token = useCallback(() => adminClient.getAccessToken(), [adminClient]);
  const baseUrl = adminClient.baseUrl;

  useEffect(() => {
    let current = true;
    Promise.all([getCatalogue(token, baseUrl, realm), getCaller(token, baseUrl, realm)])
      .then(([found, caller]) => {
        if (current) {
          setCatalogue(found);
          setMayEdit(caller.mayEditCatalogue);
        }
      })
      .catch((error: unknown) => current && setFailure(describeError(error)));
    return () => {
      current = false;
    };
  }, [token, baseUrl, realm]);

  const startEditing = (from: Catalogue) => {
    setRows(from.permissions.map(({ name, description }, index) => ({
      key: index, name, description, isNew: false,
      roles: new Set(BASE_ROLES.filter((role) => from.roles[role]?.includes(name))),
    })));
    setNextKey(from.permissions.length);
  };

  const update = (key: number, change: Partial<Row>) =>
    setRows((current) => current?.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const invalid = (row: Row, all: Row[]) =>
    !NAME.test(row.name) || row.name.length > MAX_NAME
      ? "palisadeCatalogueInvalidName"
      : all.filter((other) => other.name === row.name).length > 1
        ? "palisadeCatalogueDuplicateName"
        : undefined;

  const save = async () => {
    if (!rows) {
      return;
    }
    setBusy(true);
    try {
      const saved = await saveCatalogue(token, baseUrl, realm, {
        permissions: rows.map(({ name, description }) => ({ name, description })),
        roles: Object.fromEntries(BASE_ROLES.map((role) => [role,
          rows.filter((row) => row.roles.has(role)).map((row) => row.name).sort()])),
      });
      setCatalogue(saved);
      setRows(undefined);
      addAlert(t("palisadeCatalogueSaved"), AlertVariant.success);
    } catch (error) {
      addAlert(t("palisadeCatalogueSaveFailed"), AlertVariant.danger, describeError(error));
    } finally {
      setBusy(false);
    }
  };

  if (failure) {
    return (
      <>
        <ViewHeader titleKey="palisadeCatalogue" subKey="palisadeCatalogueIntro" />
        <PageSection variant="light">
          <ListEmptyState hasIcon={false} message={t("palisadeCatalogueLoadFailed")}
            instructions={failure} />
        </PageSection>
      </>
    );
  }
  if (!catalogue) {
    return <KeycloakSpinner />;
  }
  const editing = rows !== undefined;
  const problems = rows?.map((row) => invalid(row, rows)) ?? [];

  return (
    <>
      <ViewHeader titleKey="palisadeCatalogue"
        subKey={mayEdit ? "palisadeCatalogueIntroOwner" : "palisadeCatalogueIntro"} />
      <PageSection variant="light" className="pf-v5-u-p-0">
        <Toolbar>
          <ToolbarContent>
            {mayEdit && !editing && (
              <ToolbarItem>
                <Button variant="primary" data-testid="catalogue-edit"
                  onClick={() => startEditing(catalogue)}>
                  {t("palisadeCatalogueEdit")}
                </Button>
              </ToolbarItem>
            )}
            {editing && (
              <>
                <ToolbarItem>
                  <Button variant="primary" data-testid="catalogue-save" isLoading={busy}
                    isDisabled={busy || problems.some(Boolean)} onClick={save}>
                    {t("save")}
                  </Button>
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="secondary" data-testid="catalogue-add"
                    icon={<PlusCircleIcon aria-hidden />}
                    onClick={() => {
                      setRows([...rows, { key: nextKey, name: "", description: "", isNew: true,
                        roles: new Set(["owner"]) }]);
                      setNextKey(nextKey + 1);
                    }}>
                    {t("palisadeCatalogueAdd")}
                  </Button>
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="link" data-testid="catalogue-cancel" isDisabled={busy}
                    onClick={() => setRows(undefined)}>
                    {t("cancel")}
                  </Button>
                </ToolbarItem>
              </>
            )}
          </ToolbarContent>
        </Toolbar>
        {!editing && catalogue.permissions.length === 0 ? (
          <ListEmptyState hasIcon={false} message={t("palisadeCatalogueEmpty")}
            instructions={t("palisadeCatalogueEmptyHelp")} />
        ) : (
          <Table aria-label={t("palisadeCatalogueTable")} data-testid="palisade-catalogue"
            variant="compact">
            <Thead>
              <Tr>
                <Th>{t("palisadeCataloguePermission")}</Th>
                <Th>{t("palisadeCatalogueDescription")}</Th>
                {BASE_ROLES.map((role) => <Th key={role}>{t(roleKey(role))}</Th>)}
                {editing && <Th screenReaderText={t("palisadeCatalogueActions")} />}
              </Tr>
            </Thead>
            <Tbody>
              {editing
                ? rows.map((row, index) => (
                  <EditableRow key={row.key} row={row} problem={problems[index]}
                    onChange={(change) => update(row.key, change)}
                    onRemove={() => setRows(rows.filter((other) => other.key !== row.key))} />
                ))
                : catalogue.permissions.map(({ name, description }) => (
                  <Tr key={name} data-testid={`catalogue-${name}`}>
                    <Td dataLabel={t("palisadeCataloguePermission")}><code>{name}</code></Td>
                    <Td dataLabel={t("palisadeCatalogueDescription")}>{description}</Td>
                    {BASE_ROLES.map((role) => (
                      <Td key={role} dataLabel={t(roleKey(role))}
                        data-testid={`catalogue-${name}-${role}`}>
                        {catalogue.roles[role]?.includes(name) ? (
                          <>
                            <CheckIcon aria-hidden />
                            <span className="pf-v5-screen-reader">{t("palisadeCatalogueHeld")}</span>
                          </>
                        ) : (
                          <span className="pf-v5-screen-reader">{t("palisadeCatalogueNotHeld")}</span>
                        )}
                      </Td>
                    ))}
                  </Tr>
                ))}
            </Tbody>
          </Table>
        )}
      </PageSection>
    </>
  );
}

function EditableRow({ row, problem, onChange, onRemove }: {
  row: Row;
  problem?: string;
  onChange: (change: Partial<Row>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const id = `catalogue-row-${row.key}`;
  const label = row.name || t("palisadeCatalogueNewPermission");
  return (
    <Tr data-testid={row.isNew ? `catalogue-new-${row.key}` : `catalogue-${row.name}`}>
      <Td dataLabel={t("palisadeCataloguePermission")}>
        {row.isNew ? (
          <>
            <TextInput id={`${id}-name`} data-testid={`catalogue-name-${row.key}`}
              aria-label={t("palisadeCatalogueNameOf", { permission: label })}
              aria-describedby={problem ? `${id}-problem` : undefined}
              validated={problem && row.name ? "error" : "default"} value={row.name}
              onChange={(_, name) => onChange({ name: name.trim() })} />
            {problem && row.name && (
              <Text id={`${id}-problem`} component="small" className="pf-v5-u-danger-color-100">
                {t(problem)}
              </Text>
            )}
          </>
        ) : (
          <code>{row.name}</code>
        )}
      </Td>
      <Td dataLabel={t("palisadeCatalogueDescription")}>
        <TextInput id={`${id}-description`} data-testid={`catalogue-description-${row.key}`}
          aria-label={t("palisadeCatalogueDescriptionOf", { permission: label })}
          maxLength={200} value={row.description}
          onChange={(_, description) => onChange({ description })} />
      </Td>
      {BASE_ROLES.map((role) => (
        <Td key={role} dataLabel={t(roleKey(role))}>
          <Checkbox id={`${id}-${role}`} data-testid={`catalogue-${role}-${row.key}`}
            aria-label={t("palisadeCatalogueRoleHolds", { role: t(roleKey(role)), permission: label })}
            isChecked={row.roles.has(role)}
            onChange={(_, on) => {
              const roles = new Set(row.roles);
              if (on) {
                roles.add(role);
              } else {
                roles.delete(role);
              }
              onChange({ roles });
            }} />
        </Td>
      ))}
      <Td isActionCell>
        <Button variant="plain" data-testid={`catalogue-remove-${row.key}`}
          aria-label={t("palisadeCatalogueRemove", { permission: label })} onClick={onRemove}>
          <MinusCircleIcon aria-hidden />
        </Button>
      </Td>
    </Tr>
  );
}
