import {
  Alert,
  Button,
  Checkbox,
  Label,
  Modal,
  ModalVariant,
  Text,
  TextContent,
  TextVariants,
} from "@patternfly/react-core";
import { CheckIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Catalogue, Member } from "./membersApi";

type Change = { grant: string[]; revoke: string[] };

/**
 * Every catalogue permission with a grant and a revoke control for one member. A grant this
 * admin may not give (a permission they do not hold) is disabled and says why; a grant the
 * member already has stays changeable, as the API allows. The API checks again on save.
 */
export function PermissionsEditor({ member, catalogue, mayGrant, onSave, onClose }: {
  member: Member;
  catalogue: Catalogue;
  mayGrant: string[];
  onSave: (change: Change) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [grant, setGrant] = useState(() => new Set(member.grant));
  const [revoke, setRevoke] = useState(() => new Set(member.revoke));
  const [busy, setBusy] = useState(false);
  const fromRole = new Set(member.role ? catalogue.roles[member.role] ?? [] : []);
  const grantable = new Set([...mayGrant, ...member.grant]);
  const unchanged = same(grant, member.grant) && same(revoke, member.revoke);

  const toggle = (permission: string, kind: "grant" | "revoke", on: boolean) => {
    const [mine, other, setMine, setOther] = kind === "grant"
      ? [grant, revoke, setGrant, setRevoke] : [revoke, grant, setRevoke, setGrant];
    const next = new Set(mine);
    if (on) {
      next.add(permission);
      // One permission is never granted and revoked at once.
      if (other.has(permission)) {
        const rest = new Set(other);
        rest.delete(permission);
        setOther(rest);
      }
    } else {
      next.delete(permission);
    }
    setMine(next);
  };

  const save = async () => {
    setBusy(true);
    const saved = await onSave({ grant: [...grant].sort(), revoke: [...revoke].sort() });
    if (!saved) {
      setBusy(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.large}
      title={t("palisadeMembersEditTitle", { username: member.username })}
      description={t("palisadeMembersEditIntro")}
      isOpen
      onClose={onClose}
      data-testid="permissions-editor"
      actions={[
        <Button key="save" variant="primary" data-testid="save-permissions" isLoading={busy}
          isDisabled={busy || unchanged} onClick={save}>
          {t("save")}
        </Button>,
        <Button key="cancel" variant="link" data-testid="cancel-permissions" onClick={onClose}>
          {t("cancel")}
        </Button>,
      ]}
    >
      {mayGrant.length < catalogue.permissions.length && (
        <Alert isInline isPlain variant="info" title={t("palisadeMembersGrantLimit")}
          className="pf-v5-u-mb-md" />
      )}
      <Table aria-label={t("palisadeMembersEditTable", { username: member.username })}
        variant="compact" data-testid="permissions-editor-table">
        <Thead>
          <Tr>
            <Th>{t("palisadeMembersPermission")}</Th>
            <Th modifier="wrap">{t("palisadeMembersFromRole")}</Th>
            <Th>{t("palisadeMembersGrant")}</Th>
            <Th>{t("palisadeMembersRevoke")}</Th>
            <Th>{t("palisadeMembersResult")}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {catalogue.permissions.map(({ name, description }) => {
            const inRole = fromRole.has(name);
            const mayGrantThis = grantable.has(name);
            const holds = (inRole || grant.has(name)) && !revoke.has(name);
            const why = `grant-${name}-why`;
            return (
              <Tr key={name} data-testid={`permission-${name}`}>
                <Td dataLabel={t("palisadeMembersPermission")}>
                  <TextContent>
                    <Text component={TextVariants.p}><code>{name}</code></Text>
                    {description && <Text component={TextVariants.small}>{description}</Text>}
                  </TextContent>
                </Td>
                <Td dataLabel={t("palisadeMembersFromRole")}>
                  {inRole ? (
                    <>
                      <CheckIcon aria-hidden />
                      <span className="pf-v5-screen-reader">{t("palisadeMembersYes")}</span>
                    </>
                  ) : (
                    <span className="pf-v5-screen-reader">{t("palisadeMembersNo")}</span>
                  )}
                </Td>
                <Td dataLabel={t("palisadeMembersGrant")}>
                  <Checkbox
                    id={`grant-${name}`}
                    data-testid={`grant-${name}`}
                    aria-label={t("palisadeMembersGrantOf", { permission: name })}
                    aria-describedby={mayGrantThis ? undefined : why}
                    isChecked={grant.has(name)}
                    isDisabled={!mayGrantThis}
                    onChange={(_, on) => toggle(name, "grant", on)}
                  />
                  {!mayGrantThis && (
                    <div id={why} className="pf-v5-u-font-size-sm pf-v5-u-color-200">
                      {t("palisadeMembersNotHeld")}
                    </div>
                  )}
                </Td>
                <Td dataLabel={t("palisadeMembersRevoke")}>
                  <Checkbox
                    id={`revoke-${name}`}
                    data-testid={`revoke-${name}`}
                    aria-label={t("palisadeMembersRevokeOf", { permission: name })}
                    isChecked={revoke.has(name)}
                    onChange={(_, on) => toggle(name, "revoke", on)}
                  />
                </Td>
                <Td dataLabel={t("palisadeMembersResult")}>
                  {holds ? (
                    <Label color="green" isCompact>{t("palisadeMembersHolds")}</Label>
                  ) : (
                    <Label color="grey" isCompact>{t("palisadeMembersLacks")}</Label>
                  )}
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </Modal>
  );
}

function same(set: Set<string>, list: string[]) {
  return set.size === list.length && list.every((item) => set.has(item));
}
