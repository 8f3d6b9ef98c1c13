import {
  Bullseye,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Spinner,
} from "@patternfly/react-core";

/** An empty or failed list: what happened, and what to do about it. */
export function EmptyResult({ title, body, testId }: { title: string; body: string; testId?: string }) {
  return (
    <EmptyState variant="sm" data-testid={testId}>
      <EmptyStateHeader titleText={title} headingLevel="h2" />
      <EmptyStateBody>{body}</EmptyStateBody>
    </EmptyState>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <Bullseye className="pf-v5-u-p-lg">
      <Spinner size="lg" aria-label={label} />
    </Bullseye>
  );
}
