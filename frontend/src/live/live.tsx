/**
 * Live updates over GraphQL subscriptions (graphql-transport-ws on /graphql/, the session cookie
 * authenticates the socket): record changes for lists and record pages, notifications for the bell.
 */
import { notifications as toasts } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { useSubscription } from 'urql';

import { useSession } from '../auth/session';
import { graphql } from '../gql/tenant';
import i18n from '../i18n';
import type { LiveRecordChangedSubscription } from '../gql/tenant/graphql';
import { useNotifications } from '../shell/notifications';

export const RecordChangedDocument = graphql(`
  subscription LiveRecordChanged($types: [String!], $ids: [ID!]) {
    recordChanged(types: $types, ids: $ids) {
      action
      recordType
      recordId
      id
      fields
      payload
      occurredAt
    }
  }
`);

export const LiveNotificationsDocument = graphql(`
  subscription LiveNotifications {
    notifications {
      id
      kind
      message
      payload
      createdAt
    }
  }
`);

export type RecordChange = LiveRecordChangedSubscription['recordChanged'];

/**
 * A burst (a bulk action changes many records at once) costs at most one refetch per this many ms:
 * the first change refetches at once, later ones within the window once, at its end.
 */
export const SETTLE_MS = 250;

/**
 * Follow changes to records of the given types (GraphQL type names, e.g. `['Company']`), or of
 * some records only (`ids`). `onChange` runs once per burst of changes — typically a list's
 * `refetch({ requestPolicy: 'network-only' })`. Returns the latest change.
 */
export function useLiveRecords(
  types: string[] | null,
  onChange?: (change: RecordChange) => void,
  { ids, pause = false }: { ids?: string[]; pause?: boolean } = {},
): RecordChange | null {
  const [{ data }] = useSubscription({
    query: RecordChangedDocument,
    variables: { types, ids: ids ?? null },
    pause,
  });
  const latest = data?.recordChanged ?? null;
  const callback = useRef(onChange);
  callback.current = onChange;
  const lastRun = useRef(0);
  useEffect(() => {
    if (!latest) return;
    const run = () => {
      lastRun.current = Date.now();
      callback.current?.(latest);
    };
    // A lone change (another member's edit) shows without waiting; a burst is coalesced.
    const wait = lastRun.current + SETTLE_MS - Date.now();
    if (wait <= 0) {
      run();
      return;
    }
    const timer = setTimeout(run, wait);
    return () => clearTimeout(timer);
  }, [latest]);
  return latest;
}

/** Where a notification of a kind leads, when it does. */
function linkFor(kind: string, payload: Record<string, unknown>): string | undefined {
  if (kind === 'member_joined') return '/settings/users';
  if (kind === 'role_changed' || kind === 'workspace_changed') return '/settings';
  return typeof payload.url === 'string' && payload.url.startsWith('/') ? payload.url : undefined;
}

/** Mounted once in the shell: the member's notifications into the bell (and a toast), as they happen. */
export function LiveNotifications() {
  const { push } = useNotifications();
  const { refresh } = useSession();
  const [{ data }] = useSubscription({ query: LiveNotificationsDocument });
  const [seen] = useState(() => new Set<string>());
  const note = data?.notifications;
  useEffect(() => {
    if (!note || seen.has(note.id)) return;
    seen.add(note.id);
    // A notice without words (an import's progress) is for the page following it, not the bell.
    if (!note.message) return;
    const payload = (note.payload ?? {}) as Record<string, unknown>;
    push({ id: note.id, title: note.message, at: new Date(note.createdAt), to: linkFor(note.kind, payload) });
    toasts.show({ message: note.message, autoClose: 5000, closeButtonProps: { 'aria-label': i18n.t('app.close') } });
    // A new role changes what this member may see and do, new workspace settings how pages read:
    // ask the server who and where we are again.
    if (note.kind === 'role_changed' || note.kind === 'workspace_changed') void refresh();
  }, [note, seen, push, refresh]);
  return null;
}

export const PresenceDocument = graphql(`
  subscription LivePresence($recordType: String!, $recordId: ID!) {
    presence(recordType: $recordType, recordId: $recordId) {
      userId
      fullName
      email
    }
  }
`);

/** Who else is looking at this record right now (while mounted, the member counts as a viewer too). */
export function useViewers(recordType: string, recordId: string | null, myEmail: string) {
  const [{ data }] = useSubscription({
    query: PresenceDocument,
    variables: { recordType, recordId: recordId ?? '' },
    pause: !recordId,
  });
  return (data?.presence ?? []).filter((v) => v.email !== myEmail);
}
