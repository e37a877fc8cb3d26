import { ActionIcon, Button, Checkbox, Group, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { IconTrash } from '../../components/icons';
import { ListError } from '../../components/list/ListError';
import type { PlanFieldsFragment } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import type { RecordPanelProps } from '../types';
import {
  AddPlanStepDocument,
  CompletePlanStepDocument,
  CreateDevelopmentPlanDocument,
  DeletePlanStepDocument,
  DevelopmentPlansDocument,
  ReorderPlanStepsDocument,
} from './operations';

/** A company's development plans, on its page (a `recordPanels` entry): goals, steps ticked off, progress. */
export function DevelopmentPlansPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('contracts');
  const [{ data, error }, refetch] = useQuery({
    query: DevelopmentPlansDocument,
    variables: { first: 20, filter: { company: { eq: recordId } } },
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['DevelopmentPlan'], reload);
  const [goal, setGoal] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, create] = useMutation(CreateDevelopmentPlanDocument);
  const plans = data?.developmentPlans.edges.map((e) => e.node) ?? [];
  const add = async () => {
    const found = outcome(await create({ input: { companyId: recordId, goal } }), (d) => d.createDevelopmentPlan, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setGoal('');
      reload();
    }
  };
  return (
    <Paper withBorder p="md" radius="md" data-testid="plans-panel">
      <Stack>
        <Title order={2} size="h4">
          {t('panel.plans')}
        </Title>
        <ListError error={error} onRetry={reload} />
        {data && plans.length === 0 && <Text size="sm">{t('panel.noPlans')}</Text>}
        {plans.map((plan) => (
          <PlanCard key={plan.id} plan={plan} readOnly={readOnly} onChanged={reload} />
        ))}
        {!readOnly && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            <Group align="flex-end">
              <TextInput label={t('panel.goal')} value={goal} error={errors.goal} onChange={(e) => setGoal(e.currentTarget.value)} />
              <Button type="submit" variant="light" disabled={!goal.trim()}>
                {t('panel.newPlan')}
              </Button>
            </Group>
            <FormError errors={errors} />
          </form>
        )}
      </Stack>
    </Paper>
  );
}

/** One plan: its goal, progress, and steps (tick, move up, remove, add). */
export function PlanCard({ plan, readOnly, onChanged }: { plan: PlanFieldsFragment; readOnly?: boolean; onChanged: () => void }) {
  const { t } = useTranslation('contracts');
  const format = useFormat();
  const [step, setStep] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, addStep] = useMutation(AddPlanStepDocument);
  const [, complete] = useMutation(CompletePlanStepDocument);
  const [, reorder] = useMutation(ReorderPlanStepsDocument);
  const [, removeStep] = useMutation(DeletePlanStepDocument);
  const done = (found: Record<string, string>) => {
    setErrors(found);
    onChanged();
    return !Object.keys(found).length;
  };
  const steps = plan.steps;
  const moveUp = async (index: number) => {
    const ids = steps.map((s) => s.id);
    [ids[index - 1], ids[index]] = [ids[index], ids[index - 1]];
    done(outcome(await reorder({ input: { planId: plan.id, stepIds: ids } }), (d) => d.reorderPlanSteps, t));
  };
  return (
    <Paper withBorder p="sm" data-testid="plan">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{plan.goal}</Text>
          <Text size="sm">
            {t(`planStatus.${plan.status}`)}
            {plan.targetDate ? ` · ${format.date(plan.targetDate)}` : ''}
          </Text>
        </Group>
        <Progress value={plan.progress * 100} aria-label={t('panel.progress', { done: plan.doneCount, total: steps.length })} />
        <Text size="xs" data-testid="plan-progress">
          {t('panel.progress', { done: plan.doneCount, total: steps.length })}
        </Text>
        {steps.map((s, i) => (
          <Group key={s.id} justify="space-between" wrap="nowrap">
            <Checkbox
              label={s.title + (s.dueDate ? ` (${format.date(s.dueDate)})` : '')}
              aria-label={t('panel.tick', { title: s.title })}
              checked={s.done}
              disabled={readOnly}
              onChange={async (e) => {
                const checked = e.currentTarget.checked;
                done(outcome(await complete({ input: { stepId: s.id, done: checked } }), (d) => d.completePlanStep, t));
              }}
            />
            {!readOnly && (
              <Group gap={4} wrap="nowrap">
                {i > 0 && (
                  <ActionIcon variant="subtle" aria-label={t('panel.moveUp', { title: s.title })} onClick={() => void moveUp(i)}>
                    ↑
                  </ActionIcon>
                )}
                <ActionIcon
                  variant="subtle"
                  color="red.8"
                  aria-label={t('panel.removeStep', { title: s.title })}
                  onClick={async () => done(outcome(await removeStep({ input: { stepId: s.id } }), (d) => d.deletePlanStep, t))}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            )}
          </Group>
        ))}
        {!readOnly && (
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              if (done(outcome(await addStep({ input: { planId: plan.id, title: step } }), (d) => d.addPlanStep, t))) setStep('');
            }}
          >
            <Group align="flex-end">
              <TextInput size="xs" label={t('panel.step')} value={step} error={errors.title} onChange={(e) => setStep(e.currentTarget.value)} />
              <Button size="xs" type="submit" variant="default" disabled={!step.trim()}>
                {t('panel.addStep')}
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
