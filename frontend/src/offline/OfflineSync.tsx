import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';

import { useMember } from '../auth/session';
import { useLiveRecords } from '../live/live';
import type { OfflineType } from '../modules/types';
import { OfflineChangesDocument } from './operations';
import { replayEdits, type ChangeKind, type SendAnswer } from './queue';
import { adoptScope } from './store';
import { fillVersions, InvalidCursor, onSyncAsked, pullChanges, pullSoon, syncSoon, type FetchFeed } from './sync';
import { useOfflineScope, useOnline } from './useSavedRecord';

/** How often the feed is asked while online (live events ask sooner). */
export const POLL_MS = 60_000;

/** Ask the mounted OfflineSync to send the queued edits now (after the member settled a conflict). */
export const replaySoon = syncSoon;

/**
 * Mounted once in the shell: keeps the offline store current. The store is the signed-in member's
 * (another member's or workspace's is wiped first); the change feed is pulled at start, every
 * POLL_MS, on live changes of the kept types and when the network comes back, after the edits
 * queued offline are replayed.
 */
export function OfflineSync({ types }: { types: OfflineType[] }) {
  const client = useClient();
  const { me } = useMember();
  const scope = useOfflineScope();
  const online = useOnline();
  const [ready, setReady] = useState<string | null>(null);
  const key = `${scope.workspace}|${scope.viewer}|${me.role}`;
  useEffect(() => {
    let cancelled = false;
    void adoptScope(scope, me.role).then(() => {
      if (!cancelled) setReady(key);
    });
    return () => {
      cancelled = true;
    };
  }, [scope, me.role, key]);

  const fetchFeed: FetchFeed = useCallback(
    async (since, feedTypes, ids) => {
      const result = await client.query(OfflineChangesDocument, { since, types: feedTypes as never, first: 100, ids: ids ?? null }, { requestPolicy: 'network-only' }).toPromise();
      if (result.error?.graphQLErrors.some((e) => e.extensions?.code === 'INVALID_CURSOR')) throw new InvalidCursor();
      if (!result.data) throw result.error ?? new Error('No answer from the server.');
      const page = result.data.changes;
      return {
        cursor: page.cursor,
        hasMore: page.hasMore,
        changes: page.changes.map((c) => ({
          id: c.id,
          recordType: c.recordType,
          action: c.action,
          version: c.version ?? null,
          values: (c.values as Record<string, unknown> | null) ?? null,
        })),
      };
    },
    [client],
  );

  const meId = me.id;
  const pull = useCallback(
    () =>
      pullSoon(async () => {
        const applied = await pullChanges(scope, meId, types, fetchFeed);
        return applied + (await fillVersions(scope, meId, types, fetchFeed));
      }).catch(() => 0),
    [scope, meId, types, fetchFeed],
  );
  const send = useCallback(
    (recordType: string, input: Record<string, unknown>, op: ChangeKind = 'update'): Promise<SendAnswer> => {
      const type = types.find((t) => t.recordType === recordType);
      const sent = op === 'create' ? type?.create?.(client, input) : op === 'delete' ? type?.remove?.(client, String(input.id)) : type?.update(client, input);
      return sent ?? Promise.resolve({ kind: 'refused', message: recordType });
    },
    [types, client],
  );
  // One replay at a time; asked again meanwhile (a conflict settled), it runs once more after.
  const syncing = useRef(false);
  const syncAgain = useRef(false);
  const sync = useCallback(async () => {
    if (!navigator.onLine) return;
    if (syncing.current) {
      syncAgain.current = true;
      return;
    }
    syncing.current = true;
    try {
      do {
        syncAgain.current = false;
        await replayEdits(scope, send, pull);
        await pull();
      } while (syncAgain.current);
    } finally {
      syncing.current = false;
    }
  }, [scope, send, pull]);

  const active = ready === key && online && Boolean(meId);
  useEffect(() => {
    if (!active) return;
    void sync();
    const timer = setInterval(() => void sync(), POLL_MS);
    const stop = onSyncAsked(() => void sync());
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [active, sync]);
  useLiveRecords(
    types.map((t) => t.recordType),
    () => void pull(),
    { pause: !active },
  );
  return null;
}
