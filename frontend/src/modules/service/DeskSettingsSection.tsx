import { ActionIcon, Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { InlineField } from '../../components/record/InlineField';
import type { ServiceDeskSettingsQuery, TicketPriority } from '../../gql/tenant/graphql';
import { FormError, outcome, QueryState, Section } from '../access/common';
import {
  CreateHolidayDocument,
  CreateSlaPolicyDocument,
  CreateTicketAssignmentRuleDocument,
  DeleteHolidayDocument,
  DeleteSlaPolicyDocument,
  DeleteTicketAssignmentRuleDocument,
  DeskSettingsDocument,
  UpdateHolidayDocument,
  UpdateSlaPolicyDocument,
  UpdateTicketAssignmentRuleDocument,
} from './operations';
import { PRIORITIES } from './parts';

const CONTEXT = { additionalTypenames: ['SlaPolicy', 'Holiday', 'TicketAssignmentRule', 'Ticket'] };
type Settings = ServiceDeskSettingsQuery;

/** The messages of a refused mutation, or null when it worked (for InlineField). */
const refusal = (found: Record<string, string>) => (Object.keys(found).length ? Object.values(found).join(' ') : null);

/**
 * Settings → Service desk (owners and admins): SLA policies, holidays, assignment rules. The business hours
 * SLA time counts in are the workspace's, edited in Settings → Company profile (components/BusinessHours.tsx).
 */
export function DeskSettingsSection() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: DeskSettingsDocument, context: CONTEXT });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!data) return <QueryState fetching={fetching} error={error} />;
  return (
    <Stack>
      <SlaPolicies data={data} onChanged={reload} />
      <Holidays data={data} onChanged={reload} />
      <AssignmentRules data={data} onChanged={reload} />
    </Stack>
  );
}

function SlaPolicies({ data, onChanged }: { data: Settings; onChanged: () => void }) {
  const { t } = useTranslation('service');
  const policies = data.slaPolicies.edges.map((e) => e.node);
  const free = PRIORITIES.filter((p) => !policies.some((x) => x.priority === p));
  const [draft, setDraft] = useState({ name: '', priority: '', firstResponseMinutes: '', resolutionMinutes: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, create] = useMutation(CreateSlaPolicyDocument);
  const [, update] = useMutation(UpdateSlaPolicyDocument);
  const [, remove] = useMutation(DeleteSlaPolicyDocument);
  const save = async (id: string, input: Record<string, unknown>) => {
    const refused = refusal(outcome(await update({ input: { id, ...input } }), (d) => d.updateSlaPolicy, t));
    if (!refused) onChanged();
    return refused;
  };
  const minutes = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));
  const add = async () => {
    const priority = (draft.priority || free[0]) as TicketPriority;
    const found = outcome(
      await create({
        input: {
          name: draft.name,
          priority,
          firstResponseMinutes: Number.isInteger(minutes(draft.firstResponseMinutes)) ? minutes(draft.firstResponseMinutes) : 0,
          resolutionMinutes: Number.isInteger(minutes(draft.resolutionMinutes)) ? minutes(draft.resolutionMinutes) : 0,
        },
      }),
      (d) => d.createSlaPolicy,
      t,
    );
    setErrors(found);
    if (!Object.keys(found).length) {
      setDraft({ name: '', priority: '', firstResponseMinutes: '', resolutionMinutes: '' });
      onChanged();
    }
  };
  const set = (key: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  return (
    <Section title={t('settings.sla')}>
      <Stack>
        <Text size="sm">{t('settings.slaHelp')}</Text>
        <Text size="sm" data-testid="desk-hours">
          {t('settings.hoursLine')}{' '}
          <Anchor component={Link} to="/settings/company">
            {t('settings.hoursLink')}
          </Anchor>
        </Text>
        <Table data-testid="sla-policies">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.priority')}</Table.Th>
              <Table.Th>{t('settings.name')}</Table.Th>
              <Table.Th>{t('settings.firstResponseMinutes')}</Table.Th>
              <Table.Th>{t('settings.resolutionMinutes')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('kb.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PRIORITIES.map((priority) => {
              const policy = policies.find((p) => p.priority === priority);
              const label = t(`priority.${priority}`);
              return (
                <Table.Tr key={priority} data-testid={`sla-${priority}`}>
                  <Table.Td>{label}</Table.Td>
                  {policy ? (
                    <>
                      <Table.Td>
                        <InlineField compact label={`${t('settings.name')}: ${label}`} value={policy.name} editor={{ kind: 'text' }} onSave={(v) => save(policy.id, { name: v })} />
                      </Table.Td>
                      <Table.Td>
                        <InlineField
                          compact
                          label={`${t('settings.firstResponseMinutes')}: ${label}`}
                          value={String(policy.firstResponseMinutes)}
                          editor={{ kind: 'number' }}
                          onSave={(v) => save(policy.id, { firstResponseMinutes: Number(v) })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <InlineField
                          compact
                          label={`${t('settings.resolutionMinutes')}: ${label}`}
                          value={String(policy.resolutionMinutes)}
                          editor={{ kind: 'number' }}
                          onSave={(v) => save(policy.id, { resolutionMinutes: Number(v) })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red.8"
                          aria-label={t('settings.removeNamed', { name: policy.name })}
                          onClick={async () => {
                            setErrors(outcome(await remove({ input: { id: policy.id } }), (d) => d.deleteSlaPolicy, t));
                            onChanged();
                          }}
                        >
                          <span aria-hidden="true">✕</span>
                        </ActionIcon>
                      </Table.Td>
                    </>
                  ) : (
                    <Table.Td colSpan={4}>
                      <Text size="sm" c="gray.8">
                        {t('settings.noPolicy')}
                      </Text>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {free.length > 0 && (
          <Group align="flex-start" wrap="wrap" data-testid="new-sla-policy">
            <NativeSelect
              label={t('fields.priority')}
              value={draft.priority || free[0]}
              onChange={set('priority')}
              data={free.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              error={errors.priority}
            />
            <TextInput label={t('settings.name')} value={draft.name} onChange={set('name')} error={errors.name} />
            <TextInput label={t('settings.firstResponseMinutes')} inputMode="numeric" w={200} value={draft.firstResponseMinutes} onChange={set('firstResponseMinutes')} error={errors.firstResponseMinutes} />
            <TextInput label={t('settings.resolutionMinutes')} inputMode="numeric" w={200} value={draft.resolutionMinutes} onChange={set('resolutionMinutes')} error={errors.resolutionMinutes} />
            <Button mt={25} onClick={() => void add()}>
              {t('settings.addPolicy')}
            </Button>
          </Group>
        )}
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}

function Holidays({ data, onChanged }: { data: Settings; onChanged: () => void }) {
  const { t } = useTranslation('service');
  const holidays = data.holidays.edges.map((e) => e.node);
  const [draft, setDraft] = useState({ date: '', name: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, create] = useMutation(CreateHolidayDocument);
  const [, update] = useMutation(UpdateHolidayDocument);
  const [, remove] = useMutation(DeleteHolidayDocument);
  const save = async (id: string, input: Record<string, unknown>) => {
    const refused = refusal(outcome(await update({ input: { id, ...input } }), (d) => d.updateHoliday, t));
    if (!refused) onChanged();
    return refused;
  };
  const add = async () => {
    if (!draft.date) {
      setErrors({ date: t('settings.dateRequired') });
      return;
    }
    const found = outcome(await create({ input: draft }), (d) => d.createHoliday, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setDraft({ date: '', name: '' });
      onChanged();
    }
  };
  return (
    <Section title={t('settings.holidays')}>
      <Stack>
        <Text size="sm">{t('settings.holidaysHelp')}</Text>
        {holidays.length === 0 ? (
          <Text size="sm">{t('settings.noHolidays')}</Text>
        ) : (
          <Table data-testid="holidays">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.date')}</Table.Th>
                <Table.Th>{t('settings.name')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('kb.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {holidays.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td>
                    <InlineField compact label={`${t('settings.date')}: ${h.name}`} value={h.date} editor={{ kind: 'date' }} onSave={(v) => save(h.id, { date: v })} />
                  </Table.Td>
                  <Table.Td>
                    <InlineField compact label={`${t('settings.name')}: ${h.date}`} value={h.name} editor={{ kind: 'text' }} onSave={(v) => save(h.id, { name: v })} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red.8"
                      aria-label={t('settings.removeNamed', { name: `${h.name} (${h.date})` })}
                      onClick={async () => {
                        setErrors(outcome(await remove({ input: { id: h.id } }), (d) => d.deleteHoliday, t));
                        onChanged();
                      }}
                    >
                      <span aria-hidden="true">✕</span>
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-start" wrap="wrap" data-testid="new-holiday">
          <TextInput type="date" label={t('settings.date')} value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.currentTarget.value })} error={errors.date} />
          <TextInput label={t('settings.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} error={errors.name} />
          <Button mt={25} variant="default" onClick={() => void add()}>
            {t('settings.addHoliday')}
          </Button>
        </Group>
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}

function AssignmentRules({ data, onChanged }: { data: Settings; onChanged: () => void }) {
  const { t } = useTranslation('service');
  const rules = data.ticketAssignmentRules.edges.map((e) => e.node);
  const teams = data.teams.edges.map((e) => ({ value: e.node.id, label: e.node.name }));
  const [draft, setDraft] = useState({ name: '', category: '', teamId: '', position: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, create] = useMutation(CreateTicketAssignmentRuleDocument);
  const [, update] = useMutation(UpdateTicketAssignmentRuleDocument);
  const [, remove] = useMutation(DeleteTicketAssignmentRuleDocument);
  const save = async (id: string, input: Record<string, unknown>) => {
    const refused = refusal(outcome(await update({ input: { id, ...input } }), (d) => d.updateTicketAssignmentRule, t));
    if (!refused) onChanged();
    return refused;
  };
  const add = async () => {
    const teamId = draft.teamId || teams[0]?.value;
    if (!teamId) {
      setErrors({ teamId: t('settings.noTeams') });
      return;
    }
    const position = draft.position.trim() ? Number(draft.position) : null;
    const found = outcome(await create({ input: { name: draft.name, category: draft.category, teamId, position } }), (d) => d.createTicketAssignmentRule, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setDraft({ name: '', category: '', teamId: '', position: '' });
      onChanged();
    }
  };
  const set = (key: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  return (
    <Section title={t('settings.rules')}>
      <Stack>
        <Text size="sm">{t('settings.rulesHelp')}</Text>
        {rules.length === 0 ? (
          <Text size="sm">{t('settings.noRules')}</Text>
        ) : (
          <Table data-testid="assignment-rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.position')}</Table.Th>
                <Table.Th>{t('settings.name')}</Table.Th>
                <Table.Th>{t('settings.category')}</Table.Th>
                <Table.Th>{t('settings.team')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('kb.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <InlineField compact label={`${t('settings.position')}: ${r.name}`} value={String(r.position)} editor={{ kind: 'number' }} onSave={(v) => save(r.id, { position: Number(v) })} />
                  </Table.Td>
                  <Table.Td>
                    <InlineField compact label={`${t('settings.name')}: ${r.name}`} value={r.name} editor={{ kind: 'text' }} onSave={(v) => save(r.id, { name: v })} />
                  </Table.Td>
                  <Table.Td>
                    <InlineField
                      compact
                      label={`${t('settings.category')}: ${r.name}`}
                      value={r.category}
                      display={r.category || t('settings.anyCategory')}
                      editor={{ kind: 'text' }}
                      onSave={(v) => save(r.id, { category: v })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <InlineField compact label={`${t('settings.team')}: ${r.name}`} value={r.team.id} editor={{ kind: 'select', options: teams }} onSave={(v) => save(r.id, { teamId: v })} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red.8"
                      aria-label={t('settings.removeNamed', { name: r.name })}
                      onClick={async () => {
                        setErrors(outcome(await remove({ input: { id: r.id } }), (d) => d.deleteTicketAssignmentRule, t));
                        onChanged();
                      }}
                    >
                      <span aria-hidden="true">✕</span>
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-start" wrap="wrap" data-testid="new-assignment-rule">
          <TextInput label={t('settings.name')} value={draft.name} onChange={set('name')} error={errors.name} />
          <TextInput label={t('settings.category')} placeholder={t('settings.anyCategory')} value={draft.category} onChange={set('category')} error={errors.category} />
          <NativeSelect label={t('settings.team')} value={draft.teamId || teams[0]?.value || ''} onChange={set('teamId')} data={teams.length ? teams : [{ value: '', label: '—' }]} error={errors.teamId} />
          <TextInput label={t('settings.position')} inputMode="numeric" w={100} value={draft.position} onChange={set('position')} error={errors.position} />
          <Button mt={25} variant="default" onClick={() => void add()}>
            {t('settings.addRule')}
          </Button>
        </Group>
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}
