import { PageSection, Title } from "@patternfly/react-core";

export default function MyPermissionsPage() {
  return (
    <PageSection variant="light">
      <Title headingLevel="h1">MyPermissionsPage</Title>
    </PageSection>
  );
}
