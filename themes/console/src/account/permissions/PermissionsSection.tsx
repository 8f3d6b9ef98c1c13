import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  List,
  ListItem,
  Text,
  TextContent,
  Title,
} from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import type { MyAccount } from "./myAccount";

/**
 * What the person's tokens carry (tenant, base role, permissions) and the grants and
 * revocations an admin made that shaped the set.
 */
export function PermissionsSection({ account }: { account: MyAccount }) {
  const { t } = useTranslation();
  const granted = new Set(account.grant);
  return (
    <section aria-labelledby="palisade-my-access" className="pf-v5-u-mb-xl">
      <Title headingLevel="h2" id="palisade-my-access">
        {t("palisadeMyAccessTitle")}
      </Title>
      <DescriptionList isHorizontal className="pf-v5-u-mt-md">
        <DescriptionListGroup>
          <DescriptionListTerm>{t("palisadeMyTenant")}</DescriptionListTerm>
          <DescriptionListDescription data-testid="my-tenant">
            {account.tenant}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t("palisadeMyRole")}</DescriptionListTerm>
          <DescriptionListDescription data-testid="my-role">
            {account.role ?? t("palisadeMyRoleNone")}
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>

      <Title headingLevel="h3" id="palisade-my-permissions" className="pf-v5-u-mt-lg">
        {t("palisadeMyPermissionsListTitle")}
      </Title>
      <TextContent>
        <Text component="p">{t("palisadeMyPermissionsListHelp")}</Text>
      </TextContent>
      {account.permissions.length === 0 ? (
        <TextContent>
          <Text component="p" data-testid="my-permissions">
            {t("palisadeMyPermissionsNone")}
          </Text>
        </TextContent>
      ) : (
        <List aria-labelledby="palisade-my-permissions" data-testid="my-permissions">
          {account.permissions.map((permission) => (
            <ListItem key={permission} data-testid={`my-permission-${permission}`}>
              <code>{permission}</code>
              {granted.has(permission) && (
                <Label color="green" isCompact className="pf-v5-u-ml-sm">
                  {t("palisadeMyPermissionGranted")}
                </Label>
              )}
            </ListItem>
          ))}
        </List>
      )}

      <Title headingLevel="h3" id="palisade-my-overrides" className="pf-v5-u-mt-lg">
        {t("palisadeMyOverridesTitle")}
      </Title>
      <TextContent>
        <Text component="p">{t("palisadeMyOverridesHelp")}</Text>
      </TextContent>
      <DescriptionList isHorizontal className="pf-v5-u-mt-md">
        <Overrides
          id="grant"
          term={t("palisadeMyGrants")}
          names={account.grant}
          none={t("palisadeMyGrantsNone")}
        />
        <Overrides
          id="revoke"
          term={t("palisadeMyRevocations")}
          names={account.revoke}
          none={t("palisadeMyRevocationsNone")}
        />
      </DescriptionList>
    </section>
  );
}

function Overrides({
  id,
  term,
  names,
  none,
}: {
  id: string;
  term: string;
  names: string[];
  none: string;
}) {
  const termId = `palisade-my-${id}`;
  return (
    <DescriptionListGroup>
      <DescriptionListTerm id={termId}>{term}</DescriptionListTerm>
      <DescriptionListDescription>
        {names.length === 0 ? (
          <span data-testid={`my-${id}`}>{none}</span>
        ) : (
          <List isPlain aria-labelledby={termId} data-testid={`my-${id}`}>
            {names.map((name) => (
              <ListItem key={name} data-testid={`my-${id}-${name}`}>
                <code>{name}</code>
              </ListItem>
            ))}
          </List>
        )}
      </DescriptionListDescription>
    </DescriptionListGroup>
  );
}
