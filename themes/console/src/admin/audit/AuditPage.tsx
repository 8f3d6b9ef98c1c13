import { PageSection, Title } from "@patternfly/react-core";

export default function AuditPage() {
  return (
    <PageSection variant="light">
      <Title headingLevel="h1">AuditPage</Title>
    </PageSection>
  );
}
