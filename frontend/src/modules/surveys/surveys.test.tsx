import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider } from '../../auth/session';
import { fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import i18n from '../../i18n';
import '..'; // registers the module's strings
import { isManager } from '.';
import { SatisfactionPanel } from './SatisfactionPanel';
import { SurveyPage } from './SurveyPage';
import { en, zhCN } from './translations';

const LINK = { state: 'OPEN', kind: 'CSAT', workspaceName: 'Globex Corp', subject: 'Printer on fire', lowest: 1, highest: 5 };

function open(respond: (query: string, variables: Record<string, unknown>) => Answer, token = 'tok') {
  const { client, calls } = fakeClient(respond);
  renderWith(
    <Routes>
      <Route path="/survey/:token" element={<SurveyPage />} />
    </Routes>,
    { client, route: `/survey/${token}` },
  );
  return calls;
}

const keys = (value: unknown, prefix = ''): string[] =>
  typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`)) : [prefix];

describe('survey page', () => {
  it('asks the ticket’s question and sends the chosen score with the comment', async () => {
    const user = userEvent.setup();
    const calls = open((query) =>
      query.includes('answerSurvey') ? { data: { answerSurvey: { survey: { state: 'ANSWERED' }, errors: [] } } } : { data: { surveyLink: LINK } },
    );
    expect(await screen.findByText('How satisfied are you with how we handled “Printer on fire”?')).toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(5);
    await user.click(screen.getByRole('button', { name: 'Send my answer' }));
    expect(await screen.findByText('Choose a score first.')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Score 4' }));
    await user.type(screen.getByRole('textbox', { name: /Anything you would like to add/ }), 'Quick fix');
    await user.click(screen.getByRole('button', { name: 'Send my answer' }));
    expect(await screen.findByText('Thank you! Your answer has been recorded.')).toBeInTheDocument();
    expect(calls.find((c) => c.query.includes('answerSurvey'))!.variables).toEqual({ input: { token: 'tok', score: 4, comment: 'Quick fix' } });
  });

  it.each([
    ['ANSWERED', 'This survey has been answered already. Each link works once.'],
    ['EXPIRED', 'This survey link has expired.'],
    ['INVALID', 'This survey link is not valid. It may have been copied incompletely or altered.'],
    ['WRONG_WORKSPACE', 'This survey link belongs to another workspace’s address.'],
  ])('says plainly why a %s link cannot be answered', async (state, message) => {
    open(() => ({ data: { surveyLink: { ...LINK, state, kind: null, subject: null } } }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.queryByRole('button', { name: 'Send my answer' })).toBeNull();
  });

  it('shows the refusal when the link was used meanwhile', async () => {
    const user = userEvent.setup();
    open((query) =>
      query.includes('answerSurvey')
        ? { data: { answerSurvey: { survey: null, errors: [{ field: 'token', message: 'used', code: 'used' }] } } }
        : { data: { surveyLink: { ...LINK, kind: 'NPS', lowest: 0, highest: 10 } } },
    );
    expect(await screen.findByText('How likely are you to recommend Globex Corp to a friend or colleague?')).toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(11);
    await user.click(screen.getByRole('radio', { name: 'Score 9' }));
    await user.click(screen.getByRole('button', { name: 'Send my answer' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('answered already');
  });

  it('speaks Chinese too', async () => {
    await i18n.changeLanguage('zh-CN');
    try {
      open(() => ({ data: { surveyLink: LINK } }));
      expect(await screen.findByText('您对我们处理“Printer on fire”的方式满意吗？')).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});

describe('surveys module', () => {
  it('has every string in both languages', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('shows the statistics to those who run the desk', () => {
    expect(['owner', 'admin', 'manager', 'sales', 'service'].filter(isManager)).toEqual(['owner', 'admin', 'manager']);
  });
});

describe('satisfaction panel', () => {
  const survey = { id: 'S1', kind: 'CSAT', sentAt: '2026-03-02T10:00:00Z', respondedAt: '2026-03-03T10:00:00Z', score: 4, comment: 'Quick fix', ticket: { id: 'T1', subject: 'Printer on fire' } };

  function panel(role: string, respond: (query: string) => Answer) {
    resetHandoffForTests();
    const fake = fakeClient((query) =>
      query.includes('query Session')
        ? { data: { me: { email: 'a@globex.example.com', fullName: 'Ann', role }, currentTenant: testTenant() } }
        : respond(query),
    );
    renderWith(
      <SessionProvider>
        <SatisfactionPanel recordType="Contact" recordId="C1" />
      </SessionProvider>,
      { client: fake.client },
    );
    return fake.calls;
  }

  it('lists the contact’s answers and lets an owner send an NPS survey', async () => {
    const user = userEvent.setup();
    const calls = panel('owner', (query) =>
      query.includes('sendNpsSurvey')
        ? { data: { sendNpsSurvey: { surveys: [{ id: 'S2' }], errors: [] } } }
        : { data: { surveys: { totalCount: 1, edges: [{ node: survey }] } } },
    );
    expect(await screen.findByText('“Quick fix”')).toBeInTheDocument();
    expect(screen.getByText('Score 4')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Send an NPS survey' }));
    expect(await screen.findByRole('status')).toHaveTextContent('An NPS survey is on its way to this contact.');
    expect(calls.find((c) => c.query.includes('sendNpsSurvey'))!.variables).toEqual({ input: { contactIds: ['C1'] } });
  });

  it('offers no sending to other roles', async () => {
    panel('sales', () => ({ data: { surveys: { totalCount: 0, edges: [] } } }));
    expect(await screen.findByText('No surveys sent to this contact yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send an NPS survey' })).toBeNull();
  });
});
