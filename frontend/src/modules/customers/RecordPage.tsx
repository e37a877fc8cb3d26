import { Alert, Anchor, Badge, Button, Grid, Group, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import type { CustomerCompanyQuery, CustomerContactQuery, HistoryItemFragment } from '../../gql/tenant/graphql';
import { useMember } from '../../auth/session';
import { useLiveRecords, useViewers } from '../../live/live';
import { useFormat } from '../../locale';
import { OfflineDelete } from '../../offline/OfflineDelete';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { queueFieldEdit, useSavedRecord } from '../../offline/useSavedRecord';
import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { HistoryList } from '../../components/record/HistoryList';
import { useWantsCustomFields } from '../../components/record/customFields';
import { RecordFields } from '../../components/record/RecordFields';
import { RecordPanels } from '../../components/record/RecordPanels';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { FormError, outcome } from '../access/common';
import { useCurrencies } from '../../components/record/money';
import { inputOf, useCustomerUpdate } from './editing';
import { useCustomerHistory } from './history';
import { MergeDialog } from './MergeDialog';
import { TimelineList } from './Timeline';
import { companyFields, contactFields } from './fields';
import { companyFromValues, contactFromValues } from './offline';
import { useCustomerOptions } from './options';
import { LogInteractionForm, NewContactButton } from './forms';
import {
  CompanyDocument,
  CompanyDuplicatesDocument,
  ContactDocument,
  ContactDuplicatesDocument,
  TransferDocument,
  DeleteCompanyDocument,
  DeleteContactsDocument,
  RestoreCompanyDocument,
  RestoreContactDocument,
} from './operations';

type CompanyNode = Extract<NonNullable<CustomerCompanyQuery['node']>, { __typename: 'Company' }>;
type ContactNode = Extract<NonNullable<CustomerContactQuery['node']>, { __typename: 'Contact' }>;

/** "Also viewing: …" — other members on this record page now. */
function Viewers({ recordType, id }: { recordType: string; id: string }) {
  const { t } = useTranslation('customers');
  const { me } = useMember();
  const viewers = useViewers(recordType, id, me.email);
  if (!viewers.length) return null;
  return (
    <Text size="sm" c="dimmed" data-testid="viewers" aria-live="polite">
      {t('record.viewers', { names: viewers.map((v) => v.fullName || v.email).join(', ') })}
    </Text>
  );
}

/** The record's history through the shared HistoryList: field labels and values in the interface language. */
function CustomerHistory({ items, owners }: { items: HistoryItemFragment[]; owners: { value: string; label: string }[] }) {
  const { label, value } = useCustomerHistory(owners);
  return <HistoryList items={items} label={label} value={value} />;
}

/** "Return to pool": asks first, then the record has no owner; undo gives it back to its owner. */
function ReturnToPool({ kind, id, ownerId, onDone }: { kind: 'company' | 'contact'; id: string; ownerId: string; onDone: () => void }) {
  const { t } = useTranslation('customers');
  const [asking, setAsking] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, transfer] = useMutation(TransferDocument);
  const ids = (owner: string | null) => ({ input: { ownerId: owner, ...(kind === 'company' ? { companyIds: [id] } : { contactIds: [id] }) } });
  const run = async () => {
    const found = outcome(await transfer(ids(null)), (d) => d.transferCustomers, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    onDone();
    notifyWithUndo({
      message: t('pool.returned', { count: 1 }),
      undo: async () => {
        const result = await transfer(ids(ownerId));
        onDone();
        return result.error || result.data?.transferCustomers.errors.length ? 0 : 1;
      },
    });
  };
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setAsking(true)} data-testid="return-to-pool">
        {t('pool.returnToPool')}
      </Button>
      <FormError errors={errors} />
      {asking && (
        <ConfirmAction
          title={t('pool.title', { count: 1 })}
          message={t('pool.message')}
          confirmLabel={t('pool.confirm')}
          onConfirm={run}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}

/** Likely duplicates of this record, each with "merge into this one" (the duplicate's data moves here). */
function Duplicates({
  items,
  kind,
  targetId,
  onMerged,
}: {
  items: { id: string; label: string }[];
  kind: 'companies' | 'contacts';
  targetId: string;
  onMerged: () => void;
}) {
  const { t } = useTranslation('customers');
  const [merging, setMerging] = useState<string | null>(null);
  if (!items.length) return <Text size="sm">{t('record.noDuplicates')}</Text>;
  return (
    <Stack gap={4} data-testid="duplicates">
      {merging && <MergeDialog kind={kind} targetId={targetId} sourceId={merging} onMerged={onMerged} onClose={() => setMerging(null)} />}
      {items.map((d) => (
        <Group key={d.id} gap="sm">
          <Anchor component={Link} to={`/customers/${kind}/${encodeURIComponent(d.id)}`} size="sm">
            {d.label}
          </Anchor>
          <Button size="xs" variant="default" onClick={() => setMerging(d.id)} aria-label={t('record.mergeLabel', { name: d.label })}>
            {t('record.merge')}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}

/** "Delete" on a record page: asks first, goes back to the list, offers undo (restore). */
function DeleteRecord({ kind, id, name }: { kind: 'company' | 'contact'; id: string; name: string }) {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, deleteCompany] = useMutation(DeleteCompanyDocument);
  const [, deleteContacts] = useMutation(DeleteContactsDocument);
  const [, restoreCompany] = useMutation(RestoreCompanyDocument);
  const [, restoreContact] = useMutation(RestoreContactDocument);
  const list = kind === 'company' ? '/customers/companies' : '/customers/contacts';
  const remove = async () => {
    const found =
      kind === 'company'
        ? outcome(await deleteCompany({ input: { id } }), (d) => d.deleteCompany, t)
        : outcome(await deleteContacts({ input: { contactIds: [id] } }), (d) => d.deleteContacts, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    notifyWithUndo({
      message: t('record.deleted', { name }),
      undo: async () => {
        const result = kind === 'company' ? await restoreCompany({ input: { id } }) : await restoreContact({ input: { id } });
        return result.error ? 0 : 1;
      },
    });
    navigate(list);
  };
  return (
    <>
      <Button size="xs" color="red.8" variant="outline" onClick={() => setAsking(true)}>
        {t('list.delete')}
      </Button>
      <FormError errors={errors} />
      {asking && (
        <ConfirmAction
          title={t(kind === 'company' ? 'list.deleteCompaniesTitle' : 'list.deleteContactsTitle', { count: 1 })}
          message={t('list.deleteMessage', { count: 1 })}
          confirmLabel={t('list.deleteConfirm', { count: 1 })}
          onConfirm={remove}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}

/** /customers/companies/:id — details, contacts, the interaction timeline, history, duplicates; live. */
export function CompanyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const format = useFormat();
  const withCustomFields = useWantsCustomFields('Company');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CompanyDocument, variables: { id, withCustomFields } });
  const options = useCustomerOptions('COMPANY');
  const access = useFieldAccess('Company');
  const { update, send } = useCustomerUpdate('company', withCustomFields);
  const save = (field: string, value: string, currency?: string) => update(id, field, value, currency);
  const currencies = useCurrencies();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Company', 'Contact', 'Interaction'], reload);
  const { me, tenant } = useMember();
  const fromValues = useCallback((values: Record<string, unknown>) => companyFromValues(id, values, me), [id, me]);
  const copy = useSavedRecord({ recordType: 'Company', id, data, error, label: (d) => (d.node?.__typename === 'Company' ? d.node.name : null), onReconnect: reload, fromValues });
  // Offline the page shows the copy kept on this device: its fields are edited in place (the edits are
  // queued and sent once back online); everything else is read-only (no mutation can go out).
  const readOnly = copy.offline;
  const node = copy.data?.node;
  const company = node?.__typename === 'Company' ? (node as CompanyNode) : null;
  const [{ data: dupes }] = useQuery({ query: CompanyDuplicatesDocument, variables: { name: company?.name ?? '' }, pause: !company || readOnly });
  if (copy.offline ? copy.saved === undefined : fetching && !data) return <Loader role="status" aria-label="…" />;
  if (copy.offline && !company) return <OfflineNotice copy={copy} missing />;
  // A field the role hides comes back null with a FORBIDDEN error of its own: the record still shows.
  if (!company)
    return (
      <Alert color="red" role="alert">
        {t('company.notFound')}
      </Alert>
    );
  const contacts = company.contacts.edges.map((e) => e.node);
  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2" data-testid="record-title">
          {company.name}
        </Title>
        <Group gap="xs">
          {!readOnly && <Viewers recordType="Company" id={company.id} />}
          {!readOnly && access.canUpdate && company.owner && <ReturnToPool kind="company" id={company.id} ownerId={company.owner.id} onDone={reload} />}
          {access.canDelete && (readOnly ? <OfflineDelete copy={copy} recordType="Company" name={company.name} /> : <DeleteRecord kind="company" id={company.id} name={company.name} />)}
          <Badge variant="outline" color="blue.8">
            {t(`stage.${company.lifecycleStage}`)}
          </Badge>
          {!company.owner && (
            <Badge variant="outline" color="gray.7">
              {t('company.pool')}
            </Badge>
          )}
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <RecordFields
              recordType="Company"
              groups={companyFields(company, t, format, options.owners, currencies)}
              customFields={{ values: company.customFields, onSave: (change) => send(company.id, change) }}
              copy={copy}
              onSave={
                copy.offline
                  ? queueFieldEdit(copy, (field, value) => inputOf(field, value, company.creditLimit?.currency || tenant.currency || 'USD'))
                  : (field, value) => save(field, value, company.creditLimit?.currency)
              }
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md" radius="md">
            <Tabs defaultValue="timeline" keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="timeline">{t('record.timeline')}</Tabs.Tab>
                <Tabs.Tab value="contacts">{`${t('record.contacts')} (${company.contacts.totalCount ?? contacts.length})`}</Tabs.Tab>
                <Tabs.Tab value="history">{t('record.history')}</Tabs.Tab>
                {!readOnly && <Tabs.Tab value="duplicates">{t('record.duplicates')}</Tabs.Tab>}
              </Tabs.List>
              <Tabs.Panel value="timeline">
                <Stack>
                  {!readOnly && <LogInteractionForm companyId={company.id} onLogged={reload} />}
                  <TimelineList items={company.interactions.edges.map((e) => e.node)} readOnly={readOnly} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="contacts">
                <Stack>
                  {!readOnly && (
                    <Group>
                      <NewContactButton companyId={company.id} onCreated={reload} label={t('contact.add')} />
                    </Group>
                  )}
                  {contacts.length === 0 && <Text size="sm">{t('record.noContacts')}</Text>}
                  {contacts.map((c) => (
                    <Group key={c.id} gap="xs">
                      <Anchor component={Link} to={`/customers/contacts/${encodeURIComponent(c.id)}`} size="sm" fw={600}>
                        {c.fullName}
                      </Anchor>
                      <Text size="sm" c="dimmed">
                        {[c.title, c.emails?.[0]].filter(Boolean).join(' · ')}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="history">
                <CustomerHistory items={company.history.edges.map((e) => e.node)} owners={options.owners} />
              </Tabs.Panel>
              <Tabs.Panel value="duplicates">
                <Duplicates
                  kind="companies"
                  targetId={company.id}
                  onMerged={reload}
                  items={(dupes?.companyDuplicates ?? []).filter((d) => d.id !== company.id).map((d) => ({ id: d.id, label: d.name }))}
                />
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>
      <RecordPanels recordType="Company" recordId={company.id} readOnly={readOnly} />
    </Stack>
  );
}

/** /customers/contacts/:id — details, company, timeline, history, duplicates; live. */
export function ContactPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const format = useFormat();
  const withCustomFields = useWantsCustomFields('Contact');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ContactDocument, variables: { id, withCustomFields } });
  const options = useCustomerOptions('CONTACT');
  const access = useFieldAccess('Contact');
  const { update, send } = useCustomerUpdate('contact', withCustomFields);
  const save = (field: string, value: string) => update(id, field, value);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Contact', 'Interaction'], reload);
  const { me, tenant } = useMember();
  const fromValues = useCallback((values: Record<string, unknown>) => contactFromValues(id, values, me), [id, me]);
  const copy = useSavedRecord({ recordType: 'Contact', id, data, error, label: (d) => (d.node?.__typename === 'Contact' ? d.node.fullName : null), onReconnect: reload, fromValues });
  // Offline the page shows the copy kept on this device: its fields are edited in place (the edits are
  // queued and sent once back online); everything else is read-only (no mutation can go out).
  const readOnly = copy.offline;
  const node = copy.data?.node;
  const contact = node?.__typename === 'Contact' ? (node as ContactNode) : null;
  const [{ data: dupes }] = useQuery({
    query: ContactDuplicatesDocument,
    variables: { emails: contact?.emails ?? [], phones: contact?.phones ?? [] },
    pause: !contact || readOnly || (!contact.emails?.length && !contact.phones?.length),
  });
  if (copy.offline ? copy.saved === undefined : fetching && !data) return <Loader role="status" aria-label="…" />;
  if (copy.offline && !contact) return <OfflineNotice copy={copy} missing />;
  // A field the role hides comes back null with a FORBIDDEN error of its own: the record still shows.
  if (!contact)
    return (
      <Alert color="red" role="alert">
        {t('contact.notFound')}
      </Alert>
    );
  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2" data-testid="record-title">
          {/* Offline the name follows a queued or synced change of its parts. */}
          {(copy.offline && [contact.firstName, contact.lastName].filter(Boolean).join(' ')) || contact.fullName}
        </Title>
        <Group gap="xs">
          {!readOnly && <Viewers recordType="Contact" id={contact.id} />}
          {!readOnly && access.canUpdate && contact.owner && <ReturnToPool kind="contact" id={contact.id} ownerId={contact.owner.id} onDone={reload} />}
          {access.canDelete && (readOnly ? <OfflineDelete copy={copy} recordType="Contact" name={contact.fullName} /> : <DeleteRecord kind="contact" id={contact.id} name={contact.fullName} />)}
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <RecordFields
              recordType="Contact"
              groups={contactFields(contact, t, format, options.owners)}
              customFields={{ values: contact.customFields, onSave: (change) => send(contact.id, change) }}
              copy={copy}
              onSave={copy.offline ? queueFieldEdit(copy, (field, value) => inputOf(field, value, tenant.currency || 'USD')) : save}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md" radius="md">
            <Tabs defaultValue="timeline" keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="timeline">{t('record.timeline')}</Tabs.Tab>
                <Tabs.Tab value="history">{t('record.history')}</Tabs.Tab>
                {!readOnly && <Tabs.Tab value="duplicates">{t('record.duplicates')}</Tabs.Tab>}
              </Tabs.List>
              <Tabs.Panel value="timeline">
                <Stack>
                  {!readOnly && <LogInteractionForm contactId={contact.id} companyId={contact.company?.id} onLogged={reload} />}
                  <TimelineList items={contact.interactions.edges.map((e) => e.node)} readOnly={readOnly} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="history">
                <CustomerHistory items={contact.history.edges.map((e) => e.node)} owners={options.owners} />
              </Tabs.Panel>
              <Tabs.Panel value="duplicates">
                <Duplicates
                  kind="contacts"
                  targetId={contact.id}
                  onMerged={reload}
                  items={(dupes?.contactDuplicates ?? []).filter((d) => d.id !== contact.id).map((d) => ({ id: d.id, label: d.fullName }))}
                />
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>
      <RecordPanels recordType="Contact" recordId={contact.id} readOnly={readOnly} />
    </Stack>
  );
}
