import { PageSection, Title } from "@patternfly/react-core";

export default function CataloguePage() {
  return (
    <PageSection variant="light">
      <Title headingLevel="h1">CataloguePage</Title>
    </PageSection>
  );
}
