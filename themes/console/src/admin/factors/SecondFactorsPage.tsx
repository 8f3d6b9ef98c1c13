import { PageSection, Title } from "@patternfly/react-core";

export default function SecondFactorsPage() {
  return (
    <PageSection variant="light">
      <Title headingLevel="h1">SecondFactorsPage</Title>
    </PageSection>
  );
}
