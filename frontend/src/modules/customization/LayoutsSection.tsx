import { ActionIcon, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { useCustomFieldDefinitions } from '../../components/record/customFields';
import { groupChoices, layoutFields, layoutTypes } from '../../components/record/layout';
import { FormError, QueryState, Section, outcome, roleOptions, toast } from '../access/common';
import { registry } from '..';
import { LayoutRolesDocument, RecordLayoutDocument, SetRecordLayoutDocument } from './operations';

type Row = { field: string; hidden: boolean; group: string };

/** Move the item at `index` by `by` places (the arrows of the layout's lists). */
const moved = <T,>(items: T[], index: number, by: number): T[] => {
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(index + by, 0, item);
  return next;
};

/**
 * Settings → Layouts (owners and admins): per role, the order of a record page's fields, the group each
 * shows in (empty: the page's own), which it leaves off, and the order of the page's groups.
 */
export function LayoutsSection() {
  const { t } = useTranslation('customization');
  const [recordType, setRecordType] = useState<string>('Contact');
  const [role, setRole] = useState('sales');
  const [{ data: roles }] = useQuery({ query: LayoutRolesDocument });
  const [{ data, fetching, error }, refetch] = useQuery({ query: RecordLayoutDocument, variables: { type: recordType, role } });
  const [{ fetching: saving }, save] = useMutation(SetRecordLayoutDocument);
  const [rows, setRows] = useState<Row[]>([]);
  const [groupOrder, setGroupOrder] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const layout = data?.recordLayout;
  const defs = useCustomFieldDefinitions(recordType);

  useEffect(() => {
    if (!layout) return;
    const named = layout.fields.map((f) => ({ field: f.field, hidden: f.hidden, group: f.group }));
    const rest = layoutFields(layout.available, registry.recordGroups[recordType] ?? [])
      .filter((f) => !named.some((n) => n.field === f))
      .map((field) => ({ field, hidden: false, group: '' }));
    setRows([...named, ...rest]);
    setGroupOrder([...layout.groups]);
  }, [layout, recordType]);

  // The groups to order: the saved order, the page's own, then those custom fields and the rows above name.
  const groups = useMemo(() => {
    const page = (registry.recordGroups[recordType] ?? []).map((g) => ({ id: g.id, title: t(g.label) }));
    const custom = defs.map((d) => d.group || t('common:customFieldForm.title'));
    return groupChoices(groupOrder, page, [...custom, ...rows.map((r) => r.group)]);
  }, [groupOrder, recordType, defs, rows, t]);

  const submit = async (fields: Row[], order: string[]) => {
    const found = outcome(await save({ input: { type: recordType, role, fields, groups: order } }), (d) => d.setRecordLayout, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      toast({ message: t('layouts.saved'), color: 'green' });
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const name = (field: string) => field.replace(/^customFields\./, '★ ');

  return (
    <Section title={t('layouts.title')}>
      <Stack>
        <Text size="sm">{t('layouts.intro')}</Text>
        <Group>
          <NativeSelect aria-label={t('recordType')} value={recordType} onChange={(e) => setRecordType(e.currentTarget.value)} data={layoutTypes(registry.recordPages).map((type) => ({ value: type, label: t(`types.${type}`) }))} />
          <NativeSelect aria-label={t('layouts.role')} value={role} onChange={(e) => setRole(e.currentTarget.value)} data={roleOptions(roles?.roles ?? [{ key: 'sales', name: 'Sales', isBuiltIn: true }], t)} />
        </Group>
        <QueryState fetching={fetching && !data} error={error} />
        <Title order={3} size="h5">
          {t('layouts.fields')}
        </Title>
        <Table data-testid="layout-fields">
          <Table.Tbody>
            {rows.map((row, index) => (
              <Table.Tr key={row.field} style={row.hidden ? { opacity: 0.55 } : undefined}>
                <Table.Td>
                  <code>{name(row.field)}</code>
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={t('layouts.groupOf', { field: name(row.field) })}
                    placeholder={t('layouts.pageGroup')}
                    maxLength={60}
                    value={row.group}
                    onChange={(e) => {
                      const group = e.currentTarget.value;
                      setRows((current) => current.map((r, i) => (i === index ? { ...r, group } : r)));
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox label={t('layouts.hidden')} checked={row.hidden} onChange={(e) => setRows(rows.map((r, i) => (i === index ? { ...r, hidden: e.currentTarget.checked } : r)))} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={t('picklists.up', { value: row.field })} disabled={index === 0} onClick={() => setRows(moved(rows, index, -1))}>
                      ↑
                    </ActionIcon>
                    <ActionIcon variant="subtle" aria-label={t('picklists.down', { value: row.field })} disabled={index === rows.length - 1} onClick={() => setRows(moved(rows, index, 1))}>
                      ↓
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Title order={3} size="h5">
          {t('layouts.groups')}
        </Title>
        <Text size="sm">{t('layouts.groupsIntro')}</Text>
        <Table data-testid="layout-groups">
          <Table.Tbody>
            {groups.map((group, index) => (
              <Table.Tr key={group.name}>
                <Table.Td>{group.label}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <ActionIcon variant="subtle" aria-label={t('picklists.up', { value: group.label })} disabled={index === 0} onClick={() => setGroupOrder(moved(groups.map((g) => g.name), index, -1))}>
                      ↑
                    </ActionIcon>
                    <ActionIcon variant="subtle" aria-label={t('picklists.down', { value: group.label })} disabled={index === groups.length - 1} onClick={() => setGroupOrder(moved(groups.map((g) => g.name), index, 1))}>
                      ↓
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <FormError errors={errors} />
        <Group>
          <Button onClick={() => submit(rows, groupOrder.length ? groups.map((g) => g.name) : [])} loading={saving}>
            {t('layouts.save')}
          </Button>
          <Button variant="default" onClick={() => submit([], [])}>
            {t('layouts.reset')}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}
