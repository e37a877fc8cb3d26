import { notifications } from '@mantine/notifications';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { fakeClient, renderWith, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { ActivityLine, type Activity } from './parts';

const task: Activity = {
  __typename: 'Activity',
  id: 'QWN0aXZpdHk6MQ==',
  subject: 'Call the customer back',
  kind: 'TASK',
  status: 'OPEN',
  priority: 'NORMAL',
  dueAt: null,
  startsAt: null,
  endsAt: null,
  recordId: null,
  recordType: null,
  assignee: null,
} as Activity;

/** A role that may delete activities with this scope ('NONE': not at all). */
const role = (deleteScope: string) => ({
  myRole: {
    key: 'custom',
    permissions: [
      { recordType: '*', action: 'READ', scope: 'ALL' },
      { recordType: 'Activity', action: 'DELETE', scope: deleteScope },
    ],
    fieldRules: [],
  },
});

function line(respond: (query: string) => Answer) {
  const fake = fakeClient((query) => respond(query));
  renderWith(<ActivityLine activity={task} onChanged={() => {}} />, { client: fake.client });
  return fake;
}

describe('an activity line', () => {
  it('offers delete only to a role that may delete activities', async () => {
    const fake = line(() => ({ data: role('NONE') }));
    await waitFor(() => expect(fake.calls.some((call) => call.query.includes('query MyRoleAccess'))).toBe(true));
    expect(await screen.findByText('Call the customer back')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
  });

  it("says why when the server refuses (someone else's task, for a role deleting only its own)", async () => {
    const user = userEvent.setup();
    const shown = vi.spyOn(notifications, 'show');
    line((query) =>
      query.includes('mutation')
        ? { data: { deleteActivity: { activity: null, errors: [{ field: 'id', message: 'Your role may not delete this activity.', code: 'permission_denied' }] } } }
        : { data: role('OWN') },
    );
    await user.click(await screen.findByRole('button', { name: 'Delete “Call the customer back”' }));
    await user.click(await screen.findByRole('button', { name: /^Delete$/ }));
    await waitFor(() => expect(shown).toHaveBeenCalledWith(expect.objectContaining({ message: 'Your role may not delete this activity.' })));
  });
});
