import { Alert, Button, Group, Loader, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { graphql } from '../../gql/tenant';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { FormError, outcome } from '../access/common';
import { customerFieldLabel } from './history';
import { MergeCompaniesDocument, MergeContactsDocument } from './operations';

const MergeRecordsDocument = graphql(`
  query CustomerMergeRecords($ids: [ID!]!, $withCustomFields: Boolean! = false) {
    nodes(ids: $ids) {
      __typename
      ... on Company {
        ...CompanyRow
        ...CompanyDetails
      }
      ... on Contact {
        ...ContactRow
        ...ContactDetails
      }
    }
  }
`);

type Values = Record<string, unknown>;

// The fields whose surviving value can be picked (tags, groups, e-mails and phones are always combined).
const COMPANY_FIELDS = ['name', 'industry', 'website', 'phone', 'region', 'country', 'lifecycleStage', 'level', 'source', 'category', 'size', 'creditRating', 'creditLimit', 'owner'];
const CONTACT_FIELDS = ['firstName', 'lastName', 'title', 'wechatId', 'buyingRole', 'birthday', 'company', 'owner'];
const CHOICE_GROUPS: Record<string, string> = { lifecycleStage: 'stage', source: 'source', size: 'size', level: 'level', buyingRole: 'buyingRole' };
// The API names a linked record's field by its id.
const apiField = (field: string) => (field === 'owner' || field === 'company' ? `${field}Id` : field);

function blank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * Merge two records: both side by side, and per field whose values differ, which one survives
 * (the record kept by default, its blanks filled from the other). Fields the role hides or may not
 * change are left out; the server checks the same.
 */
export function MergeDialog({
  kind,
  targetId,
  sourceId,
  onMerged,
  onClose,
}: {
  kind: 'companies' | 'contacts';
  targetId: string;
  sourceId: string;
  onMerged: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('customers');
  const access = useFieldAccess(kind === 'companies' ? 'Company' : 'Contact');
  const [{ data, fetching }] = useQuery({ query: MergeRecordsDocument, variables: { ids: [targetId, sourceId] } });
  const [, mergeCompanies] = useMutation(MergeCompaniesDocument);
  const [, mergeContacts] = useMutation(MergeContactsDocument);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [target, source] = (data?.nodes ?? []) as (Values | null)[];
  const show = (field: string, value: unknown): string => {
    if (blank(value)) return '—';
    if (CHOICE_GROUPS[field]) return t(`${CHOICE_GROUPS[field]}.${String(value)}`, { defaultValue: String(value) });
    if (field === 'owner') return (value as { fullName?: string; email?: string }).fullName || (value as { email?: string }).email || '';
    if (field === 'company') return (value as { name?: string }).name ?? '';
    if (field === 'creditLimit') return `${(value as { amount: string }).amount} ${(value as { currency: string }).currency}`;
    return String(value);
  };
  const rows = useMemo(() => {
    if (!target || !source) return [];
    const fields = kind === 'companies' ? COMPANY_FIELDS : CONTACT_FIELDS;
    return fields.filter((f) => !access.readOnly(f) && !access.hidden(f) && JSON.stringify(target[f] ?? null) !== JSON.stringify(source[f] ?? null));
  }, [target, source, kind, access]);
  // By default the kept record's value, or the other one's where the kept one is blank (what the server does too).
  const choice = (field: string) => picked[field] ?? (target && blank(target[field]) ? sourceId : targetId);
  const title = (record: Values | null | undefined) => String(record?.name ?? record?.fullName ?? '');
  const merge = async () => {
    setBusy(true);
    const choices = rows.map((f) => ({ field: apiField(f), sourceId: choice(f) }));
    const input = { input: { targetId, sourceIds: [sourceId], choices } };
    const found =
      kind === 'companies'
        ? outcome(await mergeCompanies(input), (d) => d.mergeCompanies, t)
        : outcome(await mergeContacts(input), (d) => d.mergeContacts, t);
    setBusy(false);
    setErrors(found);
    if (!Object.keys(found).length) {
      onMerged();
      onClose();
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('merge.title')} size="xl" closeButtonProps={{ 'aria-label': t('list.cancel') }}>
      {fetching && !data ? (
        <Loader role="status" aria-label="…" />
      ) : (
        <Stack data-testid="merge-dialog">
          <Text size="sm">{t('merge.intro', { target: title(target), source: title(source) })}</Text>
          {rows.length === 0 ? (
            <Text size="sm">{t('merge.same')}</Text>
          ) : (
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('merge.field')}</Table.Th>
                  <Table.Th>{t('merge.keep', { name: title(target) })}</Table.Th>
                  <Table.Th>{t('merge.other', { name: title(source) })}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((field) => {
                  const label = customerFieldLabel(t, field);
                  return (
                    <Table.Tr key={field} data-field={field}>
                      <Table.Td fw={600}>{label}</Table.Td>
                      {[
                        [targetId, target],
                        [sourceId, source],
                      ].map(([id, record]) => (
                        <Table.Td key={id as string}>
                          <Radio
                            name={`merge-${field}`}
                            value={id as string}
                            checked={choice(field) === id}
                            onChange={() => setPicked((p) => ({ ...p, [field]: id as string }))}
                            label={show(field, (record as Values)[field])}
                            aria-label={`${label}: ${show(field, (record as Values)[field])}`}
                          />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
          <Alert color="yellow" variant="light">
            {t('merge.final')}
          </Alert>
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('list.cancel')}
            </Button>
            <Button color="red.8" loading={busy} onClick={merge} data-testid="merge-confirm">
              {t('merge.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
