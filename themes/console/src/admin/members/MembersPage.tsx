import { PageSection, Title } from "@patternfly/react-core";

export default function MembersPage() {
  return (
    <PageSection variant="light">
      <Title headingLevel="h1">MembersPage</Title>
    </PageSection>
  );
}
