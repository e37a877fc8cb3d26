/**
 * The workspace's business hours: its one week, which Settings → Company profile shows to every member
 * and lets owners and admins edit, and which the service desk's SLA clocks count in (Settings → Service
 * desk links here). The API keeps them with the desk (`businessHours`, `setBusinessHours`).
 */
import { Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { isAdmin, useMember } from '../auth/session';
import { graphql } from '../gql/tenant';
import { FormError, outcome, QueryState, Section, toast } from '../modules/access/common';

export const BusinessHoursDocument = graphql(`
  query BusinessHours {
    businessHours {
      weekday
      opensAt
      closesAt
    }
  }
`);

export const SetBusinessHoursDocument = graphql(`
  mutation SetBusinessHours($input: SetBusinessHoursInput!) {
    setBusinessHours(input: $input) {
      businessHours {
        weekday
        opensAt
        closesAt
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
type Day = { weekday: number; opensAt: string; closesAt: string };

export interface DayRow {
  open: boolean;
  opensAt: string;
  closesAt: string;
}

/** The week as rows (Monday first) from the API's open days; a day not listed is closed (09:00-17:00 offered). */
export function weekRows(days: readonly Day[]): DayRow[] {
  return WEEKDAYS.map((d) => {
    const day = days.find((x) => x.weekday === d);
    return day ? { open: true, opensAt: day.opensAt, closesAt: day.closesAt } : { open: false, opensAt: '09:00', closesAt: '17:00' };
  });
}

/** The `setBusinessHours` input of the rows (open days only) and, per input index, the weekday it stands for. */
export function hoursInput(rows: readonly DayRow[]): { days: Day[]; weekdays: number[] } {
  const open = rows.map((r, weekday) => ({ ...r, weekday })).filter((r) => r.open);
  const time = (value: string) => (value.length === 5 ? `${value}:00` : value);
  return { days: open.map((r) => ({ weekday: r.weekday, opensAt: time(r.opensAt), closesAt: time(r.closesAt) })), weekdays: open.map((r) => r.weekday) };
}

/** Settings → Company profile: the workspace's week, edited in place by owners and admins, read by everyone else. */
export function BusinessHoursSection() {
  const { t } = useTranslation();
  const { me, tenant } = useMember();
  const [{ data, fetching, error }, refetch] = useQuery({ query: BusinessHoursDocument });
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  // A colleague's change reaches this member as `workspace_changed`, on which the session (and with it
  // `tenant`) is read again (src/live/live.tsx): read the hours again too.
  const seen = useRef(tenant);
  useEffect(() => {
    if (seen.current === tenant) return;
    seen.current = tenant;
    reload();
  }, [tenant, reload]);
  const days = data?.businessHours;
  return (
    <Section title={t('businessHours.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('businessHours.help', { timeZone: tenant.timeZone })}</Text>
        {!days ? (
          <QueryState fetching={fetching} error={error} />
        ) : isAdmin(me.role) ? (
          // Fresh rows whenever the server's week changes (a save, a colleague's change).
          <HoursEditor key={JSON.stringify(days)} days={days} onSaved={reload} />
        ) : (
          <HoursTable days={days} />
        )}
      </Stack>
    </Section>
  );
}

/** The week, read-only: each weekday's hours or "Closed" (no hours at all: around the clock). */
export function HoursTable({ days }: { days: readonly Day[] }) {
  const { t } = useTranslation();
  if (days.length === 0)
    return (
      <Text size="sm" data-testid="business-hours">
        {t('businessHours.none')}
      </Text>
    );
  return (
    <Table data-testid="business-hours" maw={480}>
      <Table.Tbody>
        {weekRows(days).map((row, weekday) => (
          <Table.Tr key={weekday}>
            <Table.Th scope="row">{t(`businessHours.weekday.${weekday}`)}</Table.Th>
            <Table.Td>{row.open ? t('businessHours.dayHours', { opens: row.opensAt, closes: row.closesAt }) : t('businessHours.closed')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Owners and admins: each weekday open or closed with its hours; a refusal shows on the weekday it is about. */
function HoursEditor({ days, onSaved }: { days: readonly Day[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<DayRow[]>(() => weekRows(days));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, setHours] = useMutation(SetBusinessHoursDocument);
  const change = (weekday: number, patch: Partial<DayRow>) => setRows((all) => all.map((r, i) => (i === weekday ? { ...r, ...patch } : r)));
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const { days: input, weekdays } = hoursInput(rows);
    const found = outcome(await setHours({ input: { days: input } }), (d) => d.setBusinessHours, t);
    // `days.<i>.closesAt` names the i-th open day sent: show it on that weekday's row.
    const byDay: Record<string, string> = {};
    for (const [field, message] of Object.entries(found)) {
      const match = /^days\.(\d+)\.(\w+)$/.exec(field);
      byDay[match ? `${weekdays[Number(match[1])]}` : field] = message;
    }
    setErrors(byDay);
    if (!Object.keys(found).length) {
      toast({ message: t('businessHours.saved'), color: 'green' });
      onSaved();
    }
  };
  return (
    <form onSubmit={save} aria-label={t('businessHours.title')}>
      <Stack gap="sm">
        <Table data-testid="business-hours" maw={560}>
          <Table.Tbody>
            {rows.map((row, weekday) => {
              const day = t(`businessHours.weekday.${weekday}`);
              return (
                <Table.Tr key={weekday}>
                  <Table.Td>
                    <Checkbox label={t('businessHours.openOn', { day })} checked={row.open} onChange={(e) => change(weekday, { open: e.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput type="time" size="xs" aria-label={t('businessHours.opens', { day })} value={row.opensAt} disabled={!row.open} onChange={(e) => change(weekday, { opensAt: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      type="time"
                      size="xs"
                      aria-label={t('businessHours.closes', { day })}
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
        <FormError errors={errors} />
        <Group>
          <Button type="submit" variant="default" loading={fetching}>
            {t('businessHours.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
