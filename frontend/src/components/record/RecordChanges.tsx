import { Paper, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { camelCase, HistoryList, type HistoryEntry } from './HistoryList';

/**
 * A record page's "Changes" panel: the record's audit entries, each field named by the module's
 * `<prefix>.<camelCase>` label (`fields.endDate`), or by `label` (given the camelCase name, e.g. the
 * layout's labels), or as stored when the module has no label for it.
 */
export function RecordChanges({
  ns,
  history,
  prefix = 'fields',
  title,
  label,
}: {
  ns: string;
  history: { edges: { node: HistoryEntry }[] };
  prefix?: string;
  title?: string;
  label?: (field: string) => string | undefined;
}) {
  const { t } = useTranslation(ns);
  const { t: kit } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {title ?? kit('history.changes')}
      </Title>
      <HistoryList items={history.edges.map((e) => e.node)} label={(field) => label?.(camelCase(field)) ?? t(`${prefix}.${camelCase(field)}`, { defaultValue: field })} />
    </Paper>
  );
}
