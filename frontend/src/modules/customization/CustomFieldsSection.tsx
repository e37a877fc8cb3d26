import { Badge, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { apiValue, CUSTOMIZABLE_TYPES } from '../../components/record/customFields';
import type { CustomFieldType } from '../../gql/tenant/graphql';
import { FormError, QueryState, Section, danger, outcome, toast } from '../access/common';
import { DefineFieldDocument, DeleteFieldDocument, FieldDefinitionsDocument, PicklistsDocument } from './operations';

// Every type but references (defined through the API: they name a record type to point to).
const FIELD_TYPES: CustomFieldType[] = ['TEXT', 'LONG_TEXT', 'NUMBER', 'DECIMAL', 'MONEY', 'DATE', 'DATETIME', 'BOOLEAN', 'PICKLIST', 'MULTI_PICKLIST', 'EMAIL', 'PHONE', 'URL'];
const PICKLISTS: string[] = ['PICKLIST', 'MULTI_PICKLIST'];
// Types that take bounds (numbers: values; texts: lengths) and, for texts, a pattern.
const BOUNDED: string[] = ['NUMBER', 'DECIMAL', 'MONEY', 'TEXT', 'LONG_TEXT', 'EMAIL', 'PHONE', 'URL'];
const PATTERNED: string[] = ['TEXT', 'LONG_TEXT', 'PHONE'];

const EMPTY = { key: '', label: '', fieldType: 'TEXT' as string, choices: '', picklist: '', group: '', minValue: '', maxValue: '', regex: '', defaultValue: '', required: false, unique: false, sensitive: false };

/** Settings → Custom fields (owners and admins): the fields of each record type, add and delete. */
export function CustomFieldsSection() {
  const { t } = useTranslation('customization');
  const [recordType, setRecordType] = useState<string>('Contact');
  const [{ data, fetching, error }, refetch] = useQuery({ query: FieldDefinitionsDocument, variables: { type: recordType } });
  const [{ fetching: saving }, define] = useMutation(DefineFieldDocument);
  const [, remove] = useMutation(DeleteFieldDocument);
  const [{ data: lists }] = useQuery({ query: PicklistsDocument });
  const [draft, setDraft] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const choices = draft.choices.split(',').map((c) => c.trim()).filter(Boolean);
    const input = {
      type: recordType,
      key: draft.key.trim(),
      label: draft.label.trim(),
      fieldType: draft.fieldType as CustomFieldType,
      group: draft.group.trim() || null,
      required: draft.required,
      unique: draft.unique,
      sensitive: draft.sensitive,
      choices: PICKLISTS.includes(draft.fieldType) && !draft.picklist ? choices : null,
      picklist: PICKLISTS.includes(draft.fieldType) && draft.picklist ? draft.picklist : null,
      minValue: BOUNDED.includes(draft.fieldType) && draft.minValue.trim() ? draft.minValue.trim() : null,
      maxValue: BOUNDED.includes(draft.fieldType) && draft.maxValue.trim() ? draft.maxValue.trim() : null,
      regex: PATTERNED.includes(draft.fieldType) && draft.regex.trim() ? draft.regex.trim() : null,
      default: draft.defaultValue.trim() ? apiValue(draft.fieldType, draft.defaultValue) : null,
    };
    const found = outcome(await define({ input }), (d) => d.defineCustomField, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setDraft(EMPTY);
      reload();
    }
  };
  const drop = async (id: string) => {
    const found = outcome(await remove({ input: { id } }), (d) => d.deleteCustomField, t);
    setErrors(found);
    if (!Object.keys(found).length) toast({ message: t('deleted') });
    reload();
  };

  const fields = data?.customFieldDefinitions ?? [];
  const set = (patch: Partial<typeof EMPTY>) => setDraft({ ...draft, ...patch });
  return (
    <Section title={t('title')}>
      <Stack>
        <Text size="sm">{t('intro')}</Text>
        <NativeSelect
          label={t('recordType')}
          value={recordType}
          onChange={(e) => setRecordType(e.currentTarget.value)}
          data={CUSTOMIZABLE_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))}
          w={240}
        />
        <QueryState fetching={fetching && !data} error={error} />
        {data && fields.length === 0 && <Text size="sm">{t('none')}</Text>}
        {fields.length > 0 && (
          <Table data-testid="custom-field-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('label')}</Table.Th>
                <Table.Th>{t('key')}</Table.Th>
                <Table.Th>{t('fieldType')}</Table.Th>
                <Table.Th>{t('group')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    {f.label}{' '}
                    {f.required && (
                      <Badge size="xs" variant="outline" color="blue.8">
                        {t('required')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <code>{f.key}</code>
                  </Table.Td>
                  <Table.Td>
                    {t(`fieldTypes.${f.type}`)}
                    {f.choices.length > 0 && ` (${f.choices.join(', ')})`}
                  </Table.Td>
                  <Table.Td>{f.group}</Table.Td>
                  <Table.Td>
                    <Button size="xs" {...danger} aria-label={t('deleteLabel', { label: f.label })} onClick={() => drop(f.id)}>
                      {t('delete')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={submit} noValidate>
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('label')} required value={draft.label} onChange={(e) => set({ label: e.currentTarget.value })} error={errors.label} />
            <TextInput label={t('key')} description={t('keyHelp')} required value={draft.key} onChange={(e) => set({ key: e.currentTarget.value })} error={errors.key} />
            <NativeSelect
              label={t('fieldType')}
              value={draft.fieldType}
              onChange={(e) => set({ fieldType: e.currentTarget.value })}
              data={FIELD_TYPES.map((type) => ({ value: type, label: t(`fieldTypes.${type}`) }))}
              error={errors.fieldType}
            />
            {PICKLISTS.includes(draft.fieldType) && (
              <NativeSelect
                label={t('picklist')}
                value={draft.picklist}
                onChange={(e) => set({ picklist: e.currentTarget.value })}
                data={[{ value: '', label: t('ownChoices') }, ...(lists?.picklists ?? []).map((l) => ({ value: l.key, label: l.label }))]}
                error={errors.picklist}
              />
            )}
            {PICKLISTS.includes(draft.fieldType) && !draft.picklist && (
              <TextInput label={t('choices')} description={t('choicesHelp')} value={draft.choices} onChange={(e) => set({ choices: e.currentTarget.value })} error={errors.choices} />
            )}
            {BOUNDED.includes(draft.fieldType) && (
              <>
                <TextInput label={t('minValue')} inputMode="decimal" w={110} value={draft.minValue} onChange={(e) => set({ minValue: e.currentTarget.value })} error={errors.minValue} />
                <TextInput label={t('maxValue')} inputMode="decimal" w={110} value={draft.maxValue} onChange={(e) => set({ maxValue: e.currentTarget.value })} error={errors.maxValue} />
              </>
            )}
            {PATTERNED.includes(draft.fieldType) && (
              <TextInput label={t('regex')} description={t('regexHelp')} value={draft.regex} onChange={(e) => set({ regex: e.currentTarget.value })} error={errors.regex} />
            )}
            <TextInput label={t('defaultValue')} value={draft.defaultValue} onChange={(e) => set({ defaultValue: e.currentTarget.value })} error={errors.default} />
            <TextInput label={t('group')} value={draft.group} onChange={(e) => set({ group: e.currentTarget.value })} error={errors.group} />
            <Checkbox label={t('required')} checked={draft.required} onChange={(e) => set({ required: e.currentTarget.checked })} />
            <Checkbox label={t('unique')} checked={draft.unique} onChange={(e) => set({ unique: e.currentTarget.checked })} />
            <Checkbox label={t('sensitive')} checked={draft.sensitive} onChange={(e) => set({ sensitive: e.currentTarget.checked })} />
            <Button type="submit" loading={saving}>
              {t('add')}
            </Button>
          </Group>
        </form>
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}
