import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderSignedIn } from '../../test/render';
import '..'; // registers the modules' strings
import { DealTimeline } from './DealPage';

const item = (id: string, subject: string, extra: Record<string, unknown> = {}) => ({
  id, subject, kind: 'EMAIL', direction: 'INBOUND', channel: null, delivery: null, occurredAt: '2026-12-01T10:00:00Z', body: '', outcome: '',
  performedBy: { id: 'U1', fullName: 'Pat Seller' }, contact: { id: 'C1', fullName: 'Gwen Stacy' }, ...extra,
});
const page = (rows: unknown[], more: boolean) => ({ totalCount: 3, pageInfo: { hasNextPage: more, endCursor: more ? 'c2' : null }, edges: rows.map((node) => ({ node })) });

describe("a deal's timeline", { timeout: 20_000 }, () => {
  it("shows its contacts' interactions a page at a time, with each one's contact", async () => {
    const user = userEvent.setup();
    const { calls } = renderSignedIn(<DealTimeline dealId="D1" />, (query, variables) => {
      if (query.includes('query InboxChannels')) return { data: { inboxChannels: { email: true, sms: false } } };
      if (query.includes('query DealTimeline'))
        return variables.after
          ? { data: { dealTimeline: page([item('I3', 'Gwen asks for a demo')], false) } }
          : { data: { dealTimeline: page([item('I1', 'Demo booked', { kind: 'NOTE', direction: 'INTERNAL' }), item('I2', 'Called Max', { kind: 'CALL', direction: 'OUTBOUND' })], true) } };
      return { data: null };
    });
    expect(await screen.findByText('Note · Demo booked')).toBeInTheDocument();
    expect(screen.getByText('Call · Called Max')).toBeInTheDocument();
    expect(screen.getAllByText(/Gwen Stacy/)).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Email · Gwen asks for a demo')).toBeInTheDocument();
    const asked = calls.filter((c) => c.query.includes('query DealTimeline')).map((c) => c.variables);
    expect(asked.every((v) => v.deal === 'D1')).toBe(true);
    expect(asked.some((v) => v.after === 'c2')).toBe(true);
    // Logged by hand: no reply offered on it.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Reply by e-mail' })).toBeNull());
  });

  it("shows the deal's own tasks and meetings in time order among the interactions, to complete from there", async () => {
    const user = userEvent.setup();
    const activity = (id: string, subject: string, extra: Record<string, unknown> = {}) => ({
      __typename: 'Activity', id, subject, activityKind: 'TASK', status: 'OPEN', priority: 'NORMAL', dueAt: '2026-12-01T09:00:00Z', startsAt: null, endsAt: null,
      completedAt: null, createdAt: '2026-11-30T09:00:00Z', recordId: 'D1', recordType: 'Deal', assignee: { id: 'U1', fullName: 'Pat Seller', email: 'pat@example.com' }, ...extra,
    });
    const { calls } = renderSignedIn(<DealTimeline dealId="D1" />, (query) => {
      if (query.includes('query InboxChannels')) return { data: { inboxChannels: { email: true, sms: false } } };
      if (query.includes('mutation CompleteActivity')) return { data: { completeActivity: { activity: { id: 'A1' }, nextActivity: null, errors: [] } } };
      if (query.includes('query DealTimeline'))
        return {
          data: {
            dealTimeline: page(
              [
                activity('A2', 'Review with Gwen', { activityKind: 'MEETING', dueAt: null, startsAt: '2026-12-02T10:00:00Z', endsAt: '2026-12-02T11:00:00Z' }),
                { __typename: 'Interaction', ...item('I1', 'Demo booked', { kind: 'NOTE', direction: 'INTERNAL' }) },
                activity('A1', 'Prepare the demo'),
              ],
              false,
            ),
          },
        };
      return { data: null };
    });
    const entries = async () => [...(await screen.findByTestId('timeline')).querySelectorAll('.mantine-Timeline-item')] as HTMLElement[];
    await screen.findByText('Prepare the demo');
    const [meeting, note, task] = await entries();
    expect(meeting).toHaveTextContent('Review with Gwen');
    expect(meeting).toHaveTextContent(/Meeting/);
    expect(note).toHaveTextContent('Note · Demo booked');
    expect(task).toHaveTextContent(/Task.*Pat Seller/);
    await user.click(within(task).getByRole('checkbox', { name: 'Complete “Prepare the demo”' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('mutation CompleteActivity') && c.variables.input && (c.variables.input as { id: string }).id === 'A1')).toBe(true));
    // Completed: the timeline is read again.
    await waitFor(() => expect(calls.filter((c) => c.query.includes('query DealTimeline')).length).toBeGreaterThan(1));
  });

  it('says how each reply sent from the inbox went out: sent, retried with the reason, or not sent and why', async () => {
    const reply = (id: string, subject: string, delivery: Record<string, unknown> | null) => item(id, subject, { direction: 'OUTBOUND', channel: 'EMAIL_INBOX', delivery });
    renderSignedIn(<DealTimeline dealId="D1" />, (query) => {
      if (query.includes('query InboxChannels')) return { data: { inboxChannels: { email: true, sms: false } } };
      if (query.includes('query DealTimeline'))
        return {
          data: {
            dealTimeline: page(
              [
                reply('I1', 'Re: pricing', { status: 'SENT', error: '' }),
                reply('I2', 'Re: demo', { status: 'QUEUED', error: 'connection refused' }),
                reply('I3', 'Re: contract', { status: 'FAILED', error: '550 No such user' }),
                item('I4', 'Called Max', { kind: 'CALL', direction: 'OUTBOUND' }),
              ],
              false,
            ),
          },
        };
      return { data: null };
    });
    const entry = async (subject: string) => (await screen.findByText(`Email · ${subject}`)).closest('.mantine-Timeline-item') as HTMLElement;
    expect(within(await entry('Re: pricing')).getByTestId('delivery')).toHaveTextContent(/^Sent$/);
    expect(within(await entry('Re: demo')).getByTestId('delivery')).toHaveTextContent('Queued to send' + 'Trying again after: connection refused');
    expect(within(await entry('Re: contract')).getByTestId('delivery')).toHaveTextContent('Not sent' + '550 No such user');
    // Logged by hand: nothing sent, so no delivery shown.
    expect(within((await screen.findByText('Call · Called Max')).closest('.mantine-Timeline-item') as HTMLElement).queryByTestId('delivery')).toBeNull();
    expect(screen.getAllByTestId('delivery')).toHaveLength(3);
  });
});
