import { Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { isAdmin, useMember } from '../../auth/session';
import { graphql } from '../../gql/tenant';
import { FormError, outcome, toast } from '../access/common';

const PoolRuleDocument = graphql(`
  query CustomerPoolRule {
    poolRule {
      returnAfterDays
    }
  }
`);

const UpdatePoolRuleDocument = graphql(`
  mutation CustomerUpdatePoolRule($input: UpdatePoolRuleInput!) {
    updatePoolRule(input: $input) {
      poolRule {
        returnAfterDays
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

/** Settings → Public pool: the rule every member reads; owners and admins change it. */
export function PoolRuleSection() {
  const { t } = useTranslation('customers');
  const { me } = useMember();
  const [{ data }, refetch] = useQuery({ query: PoolRuleDocument });
  const [, update] = useMutation(UpdatePoolRuleDocument);
  const current = data?.poolRule.returnAfterDays ?? null;
  const [days, setDays] = useState<string | number>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => setDays(current ?? ''), [current]);
  const save = async () => {
    const value = days === '' ? null : Number(days);
    const found = outcome(await update({ input: { returnAfterDays: value } }), (d) => d.updatePoolRule, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      toast({ message: t('pool.saved'), color: 'teal' });
      refetch({ requestPolicy: 'network-only' });
    }
  };
  return (
    <Paper withBorder p="md" radius="md" maw={560}>
      <Stack>
        <Title order={2} size="h4">
          {t('pool.rule')}
        </Title>
        <Text size="sm" data-testid="pool-rule">
          {current ? t('pool.after', { count: current }) : t('pool.never')}
        </Text>
        {isAdmin(me.role) && (
          <>
            <NumberInput
              label={t('pool.days')}
              description={t('pool.ruleHelp')}
              min={1}
              max={3650}
              allowDecimal={false}
              value={days}
              onChange={setDays}
              error={errors.returnAfterDays}
              data-testid="pool-days"
            />
            <FormError errors={errors} />
            <Group>
              <Button onClick={save} data-testid="pool-save">
                {t('pool.save')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
