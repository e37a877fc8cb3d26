import { ActionIcon, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { InlineField } from '../../components/record/InlineField';
import type { ServiceDeskSettingsQuery, TicketPriority } from '../../gql/tenant/graphql';
import { FormError, outcome, QueryState, Section, toast } from '../access/common';
import {
  CreateHolidayDocument,
  CreateSlaPolicyDocument,
  CreateTicketAssignmentRuleDocument,
  DeleteHolidayDocument,
  DeleteSlaPolicyDocument,
  DeleteTicketAssignmentRuleDocument,
  DeskSettingsDocument,
  SetBusinessHoursDocument,
  UpdateHolidayDocument,
  UpdateSlaPolicyDocument,
  UpdateTicketAssignmentRuleDocument,
} from './operations';
import { PRIORITIES } from './parts';

const CONTEXT = { additionalTypenames: ['SlaPolicy', 'Holiday', 'TicketAssignmentRule', 'Ticket'] };
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
type Settings = ServiceDeskSettingsQuery;

/** The messages of a refused mutation, or null when it worked (for InlineField). */
const refusal = (found: Record<string, string>) => (Object.keys(found).length ? Object.values(found).join(' ') : null);

export interface DayRow {
  open: boolean;
  opensAt: string;
  closesAt: string;
}

/** The week as rows (Monday first) from the API's open days; a day not listed is closed (09:00-17:00 offered). */
export function weekRows(days: readonly { weekday: number; opensAt: string; closesAt: string }[]): DayRow[] {
  return WEEKDAYS.map((d) => {
    const day = days.find((x) => x.weekday === d);
    return day ? { open: true, opensAt: day.opensAt, closesAt: day.closesAt } : { open: false, opensAt: '09:00', closesAt: '17:00' };
  });
}

/** The `setBusinessHours` input of the rows (open days only) and, per input index, the weekday it stands for. */
export function hoursInput(rows: readonly DayRow[]): { days: { weekday: number; opensAt: string; closesAt: string }[]; weekdays: number[] } {
  const open = rows.map((r, weekday) => ({ ...r, weekday })).filter((r) => r.open);
  const time = (value: string) => (value.length === 5 ? `${value}:00` : value);
  return { days: open.map((r) => ({ weekday: r.weekday, opensAt: time(r.opensAt), closesAt: time(r.closesAt) })), weekdays: open.map((r) => r.weekday) };
}

/** Settings → Service desk (owners and admins): SLA policies, business hours, holidays, assignment rules. */
export function DeskSettingsSection() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: DeskSettingsDocument, context: CONTEXT });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!data) return <QueryState fetching={fetching} error={error} />;
  return (
    <Stack>
      <SlaPolicies data={data} onChanged={reload} />
      <BusinessHours data={data} onChanged={reload} />
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

function BusinessHours({ data, onChanged }: { data: Settings; onChanged: () => void }) {
  const { t } = useTranslation('service');
  const [rows, setRows] = useState<DayRow[]>(() => weekRows(data.businessHours));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, setHours] = useMutation(SetBusinessHoursDocument);
  const change = (weekday: number, patch: Partial<DayRow>) => setRows((all) => all.map((r, i) => (i === weekday ? { ...r, ...patch } : r)));
  const save = async () => {
    const { days, weekdays } = hoursInput(rows);
    const found = outcome(await setHours({ input: { days } }), (d) => d.setBusinessHours, t);
    // `days.<i>.closesAt` names the i-th open day sent: show it on that weekday's row.
    const byDay: Record<string, string> = {};
    for (const [field, message] of Object.entries(found)) {
      const match = /^days\.(\d+)\.(\w+)$/.exec(field);
      byDay[match ? `${weekdays[Number(match[1])]}` : field] = message;
    }
    setErrors(byDay);
    if (!Object.keys(found).length) {
      toast({ message: t('settings.saved'), color: 'green' });
      onChanged();
    }
  };
  return (
    <Section title={t('settings.hours')}>
      <Stack>
        <Text size="sm">{t('settings.hoursHelp')}</Text>
        <Table data-testid="business-hours">
          <Table.Tbody>
            {rows.map((row, weekday) => {
              const day = t(`weekday.${weekday}`);
              return (
                <Table.Tr key={weekday}>
                  <Table.Td>
                    <Checkbox label={t('settings.openOn', { day })} checked={row.open} onChange={(e) => change(weekday, { open: e.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput type="time" size="xs" aria-label={`${t('settings.opensAt')}: ${day}`} value={row.opensAt} disabled={!row.open} onChange={(e) => change(weekday, { opensAt: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      type="time"
                      size="xs"
                      aria-label={`${t('settings.closesAt')}: ${day}`}
                      value={row.closesAt}
                      disabled={!row.open}
                      onChange={(e) => change(weekday, { closesAt: e.currentTarget.value })}
                      error={errors[String(weekday)]}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group>
          <Button variant="default" onClick={() => void save()}>
            {t('settings.saveHours')}
          </Button>
        </Group>
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
