import { Alert, Button, Group, Loader, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { AuthLayout } from '../../components/AuthLayout';
import type { SurveyLinkState } from '../../gql/tenant/graphql';
import { AnswerSurveyDocument, SurveyLinkDocument } from './operations';

const REFUSED: Record<string, string> = {
  ANSWERED: 'survey.answered',
  EXPIRED: 'survey.expired',
  INVALID: 'survey.invalid',
  WRONG_WORKSPACE: 'survey.wrongWorkspace',
};
const CODE_STATE: Record<string, SurveyLinkState> = {
  used: 'ANSWERED',
  expired: 'EXPIRED',
  invalid: 'INVALID',
};

/**
 * /survey/:token — the link of a CSAT or NPS e-mail, answered without signing in. The token is the
 * credential (signed, single use, expiring, this workspace's): every refusal gets its own plain message.
 */
export function SurveyPage() {
  const { t } = useTranslation('surveys');
  const token = useParams().token ?? '';
  const [{ data, fetching, error }] = useQuery({ query: SurveyLinkDocument, variables: { token }, pause: !token });
  const [{ fetching: sending }, answer] = useMutation(AnswerSurveyDocument);
  const [score, setScore] = useState<string>('');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState('');
  const [state, setState] = useState<SurveyLinkState | 'thanks' | null>(null);
  const link = data?.surveyLink;
  const shown = state ?? link?.state ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (score === '') {
      setProblem(t('survey.pickScore'));
      return;
    }
    const result = await answer({ input: { token, score: Number(score), comment: comment.trim() || null } });
    const payload = result.data?.answerSurvey;
    if (!payload) {
      setProblem(t(result.error?.networkError ? 'common:errors.network' : 'common:errors.generic'));
      return;
    }
    const refused = payload.errors.find((e) => e.field === 'token');
    if (refused) {
      setState(CODE_STATE[refused.code] ?? 'INVALID');
    } else if (payload.errors.length) {
      setProblem(payload.errors[0].message);
    } else {
      setState('thanks');
    }
  };

  const subtitle = link?.workspaceName ? t('survey.from', { workspace: link.workspaceName }) : window.location.host;
  let body;
  if (!token) {
    body = <Alert color="red" role="alert">{t('survey.missing')}</Alert>;
  } else if (fetching && !link) {
    body = <Loader role="status" aria-label="…" />;
  } else if (error && !link) {
    body = <Alert color="red" role="alert">{t('common:errors.generic')}</Alert>;
  } else if (shown === 'thanks') {
    body = <Alert color="green" role="status">{t('survey.thanks')}</Alert>;
  } else if (shown && shown !== 'OPEN') {
    body = <Alert color={shown === 'ANSWERED' ? 'blue' : 'red'} role="alert">{t(REFUSED[shown])}</Alert>;
  } else if (link) {
    const nps = link.kind === 'NPS';
    const lowest = link.lowest ?? (nps ? 0 : 1);
    const highest = link.highest ?? (nps ? 10 : 5);
    const question = nps
      ? t('survey.npsQuestion', { workspace: link.workspaceName })
      : link.subject
        ? t('survey.csatQuestion', { subject: link.subject })
        : t('survey.csatQuestionGeneric');
    const scores = Array.from({ length: highest - lowest + 1 }, (_, i) => String(lowest + i));
    body = (
      <form onSubmit={submit} noValidate>
        <Stack>
          <Radio.Group
            label={question}
            description={`${lowest} = ${t(nps ? 'survey.lowNps' : 'survey.lowCsat')} · ${highest} = ${t(nps ? 'survey.highNps' : 'survey.highCsat')}`}
            value={score}
            onChange={(value) => {
              setScore(value);
              setProblem('');
            }}
            error={problem || undefined}
            required
          >
            <Group gap="sm" mt="xs">
              {scores.map((s) => (
                <Radio key={s} value={s} label={s} aria-label={t('survey.score', { score: s })} />
              ))}
            </Group>
          </Radio.Group>
          <Textarea label={t('survey.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={2000} autosize minRows={3} />
          <Button type="submit" loading={sending} fullWidth>
            {t('survey.submit')}
          </Button>
        </Stack>
      </form>
    );
  }
  return (
    <AuthLayout title={t('survey.title')} subtitle={<Text span size="sm">{subtitle}</Text>}>
      {body}
    </AuthLayout>
  );
}
