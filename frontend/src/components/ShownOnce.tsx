import { Alert, Button, Code, CopyButton, Group } from '@mantine/core';

/**
 * A secret the server shows only once (an API key, a webhook's signing secret): in a warning with a
 * copy button, until closed.
 */
export function ShownOnce({
  title,
  value,
  label,
  testId,
  copyLabel,
  copiedLabel,
  closeLabel,
  onClose,
}: {
  title: string;
  value: string;
  /** The accessible name of the value ("Signing secret"). */
  label: string;
  testId: string;
  copyLabel: string;
  copiedLabel: string;
  closeLabel: string;
  onClose: () => void;
}) {
  return (
    <Alert color="orange.9" styles={{ title: { color: 'var(--mantine-color-text)' } }} title={title} withCloseButton onClose={onClose} closeButtonLabel={closeLabel}>
      <Group wrap="nowrap" align="center">
        <Code data-testid={testId} aria-label={label} style={{ overflowWrap: 'anywhere' }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy}>
              {copied ? copiedLabel : copyLabel}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
