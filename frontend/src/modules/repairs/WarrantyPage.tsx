import { Anchor, Button, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { DeleteRecord } from '../../components/record/DeleteRecord';
import { useWantsCustomFields } from '../../components/record/customFields';
import { RecordChanges } from '../../components/record/RecordChanges';
import type { Choice } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { RecordFields, type FieldGroup } from '../../components/record/RecordFields';
import { RecordPanels } from '../../components/record/RecordPanels';
import type { WarrantyQuery } from '../../gql/tenant/graphql';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { outcome } from '../access/common';
import { COVERAGES } from './logic';
import { UpdateWarrantyDocument, WarrantyDocument } from './operations';
import { useRepairOptions, withChosen } from './options';
import { VoidWarranty, WarrantyStatusBadge } from './WarrantiesPage';

type WarrantyNode = Extract<NonNullable<WarrantyQuery['node']>, { __typename: 'Warranty' }>;
type Format = ReturnType<typeof useFormat>;

/** Fields whose empty value means "not set" (null), and the API's input name of the linked ones. */
const LINKS: Record<string, string> = { company: 'companyId', product: 'productId', owner: 'ownerId' };

/** The update input for one field as its editor holds it. */
export function warrantyInput(field: string, value: string): Record<string, unknown> {
  if (LINKS[field]) return { [LINKS[field]]: value || null };
  if (field === 'startDate' || field === 'endDate') return { [field]: value || null };
  return { [field]: value };
}

/**
 * Every field of a warranty, grouped as its page shows them (named as the API and layouts name them);
 * editors for those `updateWarranty` changes. A void warranty changes no more: the page is read-only.
 */
export function warrantyFields(w: WarrantyNode, t: TFunction, format: Format, choices: { companies: Choice[]; products: Choice[]; owners: Choice[] }): FieldGroup[] {
  const select = (options: Choice[], clearable = true) => ({ kind: 'select' as const, options, clearable });
  const day = (at: string | null | undefined) => (at ? format.date(at) : '');
  return [
    {
      id: 'cover',
      title: t('warranty.cover'),
      fields: [
        { field: 'product', label: t('fields.product'), value: w.product?.id ?? '', display: w.product?.name, editor: select(withChosen(choices.products, w.product?.id, w.product?.name)) },
        { field: 'serialNumber', label: t('fields.serialNumber'), value: w.serialNumber, editor: { kind: 'text' } },
        { field: 'coverage', label: t('fields.coverage'), value: w.coverage, editor: select(COVERAGES.map((c) => ({ value: c, label: t(`coverage.${c}`) })), false) },
        { field: 'startDate', label: t('fields.startDate'), value: w.startDate, display: day(w.startDate), editor: { kind: 'date' } },
        { field: 'endDate', label: t('fields.endDate'), value: w.endDate, display: day(w.endDate), editor: { kind: 'date' } },
        { field: 'notes', label: t('fields.notes'), value: w.notes, editor: { kind: 'text' } },
      ],
    },
    {
      id: 'customer',
      title: t('warranty.customer'),
      fields: [
        {
          field: 'company',
          label: t('fields.company'),
          value: w.company?.id ?? '',
          // Edited in place: its name (a link inside the edit button would nest controls); the link is in the title bar.
          display: w.company?.name,
          editor: select(withChosen(choices.companies, w.company?.id, w.company?.name), false),
        },
        { field: 'contact', label: t('fields.contact'), value: w.contact?.fullName ?? '' },
        { field: 'order', label: t('warranty.order'), value: w.order ? `O-${w.order.number}` : '' },
        { field: 'owner', label: t('fields.warrantyOwner'), value: w.owner?.id ?? '', display: w.owner?.fullName, editor: select(withChosen(choices.owners, w.owner?.id, w.owner?.fullName)) },
      ],
    },
    {
      id: 'record',
      title: t('warranty.record'),
      fields: [
        { field: 'voidedAt', label: t('warranty.voidedAt'), value: w.voidedAt ? format.dateTime(w.voidedAt) : '' },
        { field: 'voidReason', label: t('fields.voidReason'), value: w.voidReason },
        { field: 'createdAt', label: t('fields.createdAt'), value: format.dateTime(w.createdAt) },
        { field: 'updatedAt', label: t('warranty.updatedAt'), value: format.dateTime(w.updatedAt) },
      ],
    },
  ];
}

/** /repairs/warranties/:id — one warranty: its fields and custom fields edited in place, void with a reason, its changes; live. */
export function WarrantyPage() {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const id = decodeURIComponent(useParams().id ?? '');
  const access = useFieldAccess('Warranty');
  const { owners, companies, productChoices } = useRepairOptions();
  const withCustomFields = useWantsCustomFields('Warranty');
  const [{ data, fetching, error }, refetch] = useQuery({ query: WarrantyDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Warranty'], reload, { ids: [id] });
  const [, update] = useMutation(UpdateWarrantyDocument);
  const [voiding, setVoiding] = useState(false);
  const { copy, node: warranty, waiting } = useSavedNode({ recordType: 'Warranty', id, data, fetching, error, name: (n) => String(n.serialNumber ?? ''), onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!warranty) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('warranty.notFound'))} onRetry={reload} />;

  const isVoid = warranty.status === 'VOID';
  const send = async (input: Record<string, unknown>) => {
    const found = outcome(await update({ input: { id: warranty.id, ...input } as never }), (d) => d.updateWarranty, t);
    const messages = Object.values(found);
    if (!messages.length) reload();
    return messages.length ? messages.join(' ') : null;
  };
  const groups = warrantyFields(warranty, t, format, { companies, products: productChoices, owners });
  const title = t('warranties.label', { product: warranty.product?.name ?? '—', serial: warranty.serialNumber });
  const labels = new Map(groups.flatMap((g) => g.fields.map((f) => [f.field, f.label] as const)));

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={1} size="h2" data-testid="record-title">
            {title}
          </Title>
          <WarrantyStatusBadge status={warranty.status} />
        </Group>
        <Group gap="xs">
          {warranty.company && (
            <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(warranty.company.id)}`}>
              {warranty.company.name}
            </Anchor>
          )}
          <Anchor component={Link} to="/repairs/warranties">
            {t('warranty.back')}
          </Anchor>
          {!isVoid && access.canUpdate && (
            <Button size="xs" color="red.9" variant="outline" onClick={() => setVoiding(true)}>
              {t('warranties.void')}
            </Button>
          )}
          {access.canDelete && <DeleteRecord recordType="Warranty" plural="Warranties" id={warranty.id} name={title} listPath="/repairs/warranties" />}
        </Group>
      </Group>
      {isVoid && (
        <Text size="sm" data-testid="void-notice">
          {t('warranty.isVoid', { reason: warranty.voidReason || '—' })}
        </Text>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <RecordFields
        copy={copy}
              recordType="Warranty"
              groups={groups}
              customFields={{ values: warranty.customFields, onSave: send }}
              readOnly={isVoid}
              onSave={(field, value) => send(warrantyInput(field, value))}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecordChanges ns="repairs" history={warranty.history} label={(field) => labels.get(field)} />
        </Grid.Col>
      </Grid>
      <RecordPanels recordType="Warranty" recordId={warranty.id} readOnly={isVoid} />
      {voiding && (
        <VoidWarranty
          warranty={warranty}
          onClose={() => setVoiding(false)}
          onDone={() => {
            setVoiding(false);
            reload();
          }}
        />
      )}
    </Stack>
  );
}
