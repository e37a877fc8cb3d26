import { ActionIcon, Badge, Button, Checkbox, ColorInput, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { FormError, QueryState, Section, outcome, toast } from '../access/common';
import { DefinePicklistDocument, PicklistsDocument, UpdatePicklistDocument } from './operations';

interface Row {
  value: string;
  label: string;
  colour: string;
  deprecated: boolean;
}

/** Settings → Picklists (owners and admins): the workspace's value lists, their order, colours and deprecation. */
export function PicklistsSection() {
  const { t } = useTranslation('customization');
  const [{ data, fetching, error }, refetch] = useQuery({ query: PicklistsDocument });
  const [{ fetching: saving }, save] = useMutation(UpdatePicklistDocument);
  const [, define] = useMutation(DefinePicklistDocument);
  const lists = data?.picklists ?? [];
  const [key, setKey] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [added, setAdded] = useState('');
  const [draft, setDraft] = useState({ key: '', label: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const current = lists.find((l) => l.key === key) ?? lists[0];

  useEffect(() => {
    if (!current) return;
    setKey(current.key);
    setRows(current.values.map((v) => ({ value: v.value, label: v.label, colour: v.colour, deprecated: v.deprecated })));
  }, [current]);

  const patch = (index: number, change: Partial<Row>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const move = (index: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row);
    setRows(next);
  };
  const submit = async () => {
    if (!current) return;
    const found = outcome(await save({ input: { key: current.key, values: rows } }), (d) => d.updatePicklist, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      toast({ message: t('picklists.saved'), color: 'green' });
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const found = outcome(await define({ input: { key: draft.key.trim(), label: draft.label.trim(), values: [] } }), (d) => d.definePicklist, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setKey(draft.key.trim());
      setDraft({ key: '', label: '' });
      refetch({ requestPolicy: 'network-only' });
    }
  };

  return (
    <Section title={t('picklists.title')}>
      <Stack>
        <Text size="sm">{t('picklists.intro')}</Text>
        <QueryState fetching={fetching && !data} error={error} />
        {current && (
          <>
            <NativeSelect label={t('picklists.list')} value={current.key} onChange={(e) => setKey(e.currentTarget.value)} data={lists.map((l) => ({ value: l.key, label: l.label }))} />
            <Table data-testid="picklist-values">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('picklists.value')}</Table.Th>
                  <Table.Th>{t('label')}</Table.Th>
                  <Table.Th>{t('picklists.colour')}</Table.Th>
                  <Table.Th>{t('picklists.deprecated')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  <Table.Tr key={row.value} style={row.deprecated ? { opacity: 0.55 } : undefined}>
                    <Table.Td>
                      <Badge color={row.colour || 'gray'} variant={row.deprecated ? 'outline' : 'light'}>
                        {row.value}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <TextInput size="xs" aria-label={t('picklists.labelOf', { value: row.value })} value={row.label} onChange={(e) => patch(index, { label: e.currentTarget.value })} />
                    </Table.Td>
                    <Table.Td>
                      <ColorInput size="xs" withEyeDropper={false} aria-label={t('picklists.colourOf', { value: row.value })} value={row.colour} onChange={(colour) => patch(index, { colour })} format="hex" />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox aria-label={t('picklists.deprecateOf', { value: row.value })} checked={row.deprecated} onChange={(e) => patch(index, { deprecated: e.currentTarget.checked })} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={t('picklists.up', { value: row.value })} disabled={index === 0} onClick={() => move(index, -1)}>
                          ↑
                        </ActionIcon>
                        <ActionIcon variant="subtle" aria-label={t('picklists.down', { value: row.value })} disabled={index === rows.length - 1} onClick={() => move(index, 1)}>
                          ↓
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group align="flex-end">
              <TextInput label={t('picklists.newValue')} value={added} onChange={(e) => setAdded(e.currentTarget.value)} />
              <Button
                variant="default"
                disabled={!added.trim() || rows.some((r) => r.value === added.trim())}
                onClick={() => {
                  setRows([...rows, { value: added.trim(), label: added.trim(), colour: '', deprecated: false }]);
                  setAdded('');
                }}
              >
                {t('picklists.addValue')}
              </Button>
              <Button onClick={submit} loading={saving}>
                {t('picklists.save')}
              </Button>
            </Group>
          </>
        )}
        <form onSubmit={create} noValidate>
          <Group align="flex-end">
            <TextInput label={t('picklists.newList')} value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.currentTarget.value })} error={errors.label} />
            <TextInput label={t('key')} description={t('keyHelp')} value={draft.key} onChange={(e) => setDraft({ ...draft, key: e.currentTarget.value })} error={errors.key} />
            <Button type="submit" variant="default">
              {t('picklists.create')}
            </Button>
          </Group>
        </form>
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}
