import { ActionIcon, Button, Checkbox, Code, CopyButton, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { useMember } from '../../auth/session';
import { InlineField } from '../../components/record/InlineField';
import type { LeadSettingsQuery } from '../../gql/tenant/graphql';
import { FormError, outcome, QueryState, Section, toast } from '../access/common';
import { ACTIVITY_KINDS, formSnippet } from './logic';
import {
  CreateAssignmentRuleDocument,
  CreateScoringRuleDocument,
  DeleteAssignmentRuleDocument,
  DeleteScoringRuleDocument,
  LeadSettingsDocument,
  UpdateAssignmentRuleDocument,
  UpdateLeadScoringDocument,
  UpdateScoringRuleDocument,
} from './operations';

const SCORED_FIELDS = ['SOURCE', 'STATUS', 'REGION', 'INDUSTRY', 'TITLE', 'EMAIL_DOMAIN'] as const;
const METHODS = ['ROUND_ROBIN', 'LOAD'] as const;
const CONTEXT = { additionalTypenames: ['ScoringRule', 'AssignmentRule', 'LeadScoring'] };

/** The messages of a refused mutation, or null when it worked (for InlineField). */
const refusal = (found: Record<string, string>) => (Object.keys(found).length ? Object.values(found).join(' ') : null);

/** Settings → Leads (owners and admins): scoring rules and their half-life, assignment rules, the web form. */
export function LeadSettingsSection() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: LeadSettingsDocument, context: CONTEXT });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!data) return <QueryState fetching={fetching} error={error} />;
  return (
    <Stack>
      <ScoringRules data={data} onChanged={reload} />
      <AssignmentRules data={data} onChanged={reload} />
      <WebForm />
    </Stack>
  );
}

type Settings = LeadSettingsQuery;

function ScoringRules({ data, onChanged }: { data: Settings; onChanged: () => void }) {
  const { t } = useTranslation('leads');
  const [kind, setKind] = useState<'field' | 'activity'>('field');
  const [field, setField] = useState<string>('INDUSTRY');
  const [activity, setActivity] = useState<string>('CALL');
  const [value, setValue] = useState('');
  const [points, setPoints] = useState('10');
  const [halfLife, setHalfLife] = useState(data.leadScoring.halfLifeDays === null ? '' : String(data.leadScoring.halfLifeDays));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, create] = useMutation(CreateScoringRuleDocument);
  const [, update] = useMutation(UpdateScoringRuleDocument);
  const [, remove] = useMutation(DeleteScoringRuleDocument);
  const [, updateScoring] = useMutation(UpdateLeadScoringDocument);
  const ruleName = (r: Settings['leadScoring']['rules'][number]) =>
    r.field ? `${t(`scoredField.${r.field}`)} = ${r.value}` : `${t('settings.activityKind')}: ${t(`kind.${r.activityKind}`)}`;

  const add = async () => {
    const input = kind === 'field' ? { field: field as never, value, points: Number(points) } : { activityKind: activity as never, points: Number(points) };
    const found = outcome(await create({ input }), (d) => d.createScoringRule, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setValue('');
      onChanged();
    }
  };
  const saveHalfLife = async () => {
    const found = outcome(await updateScoring({ input: { halfLifeDays: halfLife.trim() ? Number(halfLife) : null } }), (d) => d.updateLeadScoring, t);
    setErrors(found);
    if (!Object.keys(found).length) toast({ message: t('settings.saved'), color: 'green' });
  };

  return (
    <Section title={t('settings.scoring')}>
      <Stack>
        <Text size="sm">{t('settings.scoringHelp')}</Text>
        {data.leadScoring.rules.length === 0 ? (
          <Text size="sm">{t('settings.noRules')}</Text>
        ) : (
          <Table data-testid="scoring-rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.ruleKind')}</Table.Th>
                <Table.Th>{t('settings.value')}</Table.Th>
                <Table.Th>{t('settings.points')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.leadScoring.rules.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.field ? t(`scoredField.${r.field}`) : `${t('settings.activityKind')}: ${t(`kind.${r.activityKind}`)}`}</Table.Td>
                  <Table.Td>
                    {r.field ? (
                      <InlineField compact label={`${t('settings.value')}: ${ruleName(r)}`} value={r.value} editor={{ kind: 'text' }} onSave={async (v) => refusal(outcome(await update({ input: { id: r.id, value: v } }), (d) => d.updateScoringRule, t))} />
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <InlineField
                      compact
                      label={`${t('settings.points')}: ${ruleName(r)}`}
                      value={String(r.points)}
                      editor={{ kind: 'number' }}
                      onSave={async (v) => {
                        const refused = refusal(outcome(await update({ input: { id: r.id, points: Number(v) } }), (d) => d.updateScoringRule, t));
                        if (!refused) onChanged();
                        return refused;
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red.8"
                      aria-label={t('settings.deleteRule', { name: ruleName(r) })}
                      onClick={async () => {
                        setErrors(outcome(await remove({ input: { id: r.id } }), (d) => d.deleteScoringRule, t));
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
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('settings.ruleKind')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as 'field' | 'activity')}
            data={[
              { value: 'field', label: t('settings.byField') },
              { value: 'activity', label: t('settings.byActivity') },
            ]}
          />
          {kind === 'field' ? (
            <>
              <NativeSelect label={t('settings.field')} value={field} onChange={(e) => setField(e.currentTarget.value)} data={SCORED_FIELDS.map((f) => ({ value: f, label: t(`scoredField.${f}`) }))} />
              <TextInput label={t('settings.value')} value={value} onChange={(e) => setValue(e.currentTarget.value)} error={errors.value} />
            </>
          ) : (
            <NativeSelect label={t('settings.activityKind')} value={activity} onChange={(e) => setActivity(e.currentTarget.value)} data={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          )}
          <TextInput label={t('settings.points')} w={100} inputMode="numeric" value={points} onChange={(e) => setPoints(e.currentTarget.value)} error={errors.points} />
          <Button onClick={() => void add()}>{t('settings.addRule')}</Button>
        </Group>
        <Group align="flex-end">
          <TextInput label={t('settings.halfLife')} w={320} inputMode="numeric" value={halfLife} onChange={(e) => setHalfLife(e.currentTarget.value)} error={errors.halfLifeDays} />
          <Button variant="default" onClick={() => void saveHalfLife()}>
            {t('settings.saveHalfLife')}
          </Button>
        </Group>
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}

function AssignmentRules({ data, onChanged }: { data: Settings; onChanged: () => void }) {
  const { t } = useTranslation('leads');
  const teams = data.teams.edges.map((e) => ({ value: e.node.id, label: e.node.name }));
  const methods = METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }));
  const [draft, setDraft] = useState({ name: '', teamId: '', method: 'ROUND_ROBIN', region: '', industry: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, create] = useMutation(CreateAssignmentRuleDocument);
  const [, update] = useMutation(UpdateAssignmentRuleDocument);
  const [, remove] = useMutation(DeleteAssignmentRuleDocument);
  const save = async (id: string, input: Record<string, unknown>) => {
    const refused = refusal(outcome(await update({ input: { id, ...input } as never }), (d) => d.updateAssignmentRule, t));
    if (!refused) onChanged();
    return refused;
  };
  const add = async () => {
    const input = { ...draft, teamId: draft.teamId || teams[0]?.value, method: draft.method as never };
    const found = outcome(await create({ input }), (d) => d.createAssignmentRule, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setDraft({ ...draft, name: '', region: '', industry: '' });
      onChanged();
    }
  };
  const set = (key: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  return (
    <Section title={t('settings.assignment')}>
      <Stack>
        <Text size="sm">{t('settings.assignmentHelp')}</Text>
        {data.leadAssignmentRules.length === 0 ? (
          <Text size="sm">{t('settings.noAssignment')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={700}>
            <Table data-testid="assignment-rules">
              <Table.Thead>
                <Table.Tr>
                  {(['position', 'name', 'team', 'method', 'region', 'industry', 'active'] as const).map((k) => (
                    <Table.Th key={k}>{t(`settings.${k}`)}</Table.Th>
                  ))}
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.leadAssignmentRules.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <InlineField compact label={`${t('settings.position')}: ${r.name}`} value={String(r.position)} editor={{ kind: 'number' }} onSave={(v) => save(r.id, { position: Number(v) })} />
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('settings.name')}: ${r.name}`} value={r.name} editor={{ kind: 'text' }} onSave={(v) => save(r.id, { name: v })} />
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('settings.team')}: ${r.name}`} value={r.teamId} display={r.teamName} editor={{ kind: 'select', options: teams }} onSave={(v) => save(r.id, { teamId: v })} />
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('settings.method')}: ${r.name}`} value={r.method} editor={{ kind: 'select', options: methods }} onSave={(v) => save(r.id, { method: v })} />
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('settings.region')}: ${r.name}`} value={r.region} editor={{ kind: 'text' }} onSave={(v) => save(r.id, { region: v })} />
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('settings.industry')}: ${r.name}`} value={r.industry} editor={{ kind: 'text' }} onSave={(v) => save(r.id, { industry: v })} />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox aria-label={`${t('settings.active')}: ${r.name}`} checked={r.isActive} onChange={(e) => void save(r.id, { isActive: e.currentTarget.checked })} />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red.8"
                        aria-label={t('settings.delete', { name: r.name })}
                        onClick={async () => {
                          setErrors(outcome(await remove({ input: { id: r.id } }), (d) => d.deleteAssignmentRule, t));
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
          </Table.ScrollContainer>
        )}
        {teams.length === 0 ? (
          <Text size="sm">{t('settings.noTeams')}</Text>
        ) : (
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('settings.name')} value={draft.name} onChange={set('name')} error={errors.name} />
            <NativeSelect label={t('settings.team')} value={draft.teamId || teams[0].value} onChange={set('teamId')} data={teams} />
            <NativeSelect label={t('settings.method')} value={draft.method} onChange={set('method')} data={methods} />
            <TextInput label={t('settings.region')} value={draft.region} onChange={set('region')} error={errors.region} />
            <TextInput label={t('settings.industry')} value={draft.industry} onChange={set('industry')} error={errors.industry} />
            <Button onClick={() => void add()} disabled={!draft.name.trim()}>
              {t('settings.save')}
            </Button>
          </Group>
        )}
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}

/** The workspace's form address and a snippet to paste into a website. */
function WebForm() {
  const { t } = useTranslation('leads');
  const { tenant } = useMember();
  const { url, html } = formSnippet(tenant.url);
  return (
    <Section title={t('settings.webForm')}>
      <Stack>
        <Text size="sm">{t('settings.webFormHelp')}</Text>
        <Text size="sm" fw={600}>
          {t('settings.formUrl')}
        </Text>
        <Code data-testid="form-url">{url}</Code>
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            {t('settings.snippet')}
          </Text>
          <CopyButton value={html}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? t('settings.copied') : t('settings.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Code block data-testid="form-snippet">
          {html}
        </Code>
      </Stack>
    </Section>
  );
}
