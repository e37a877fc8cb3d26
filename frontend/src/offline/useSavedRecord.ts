import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CombinedError } from 'urql';

import { useMember } from '../auth/session';
import { loadRecent, saveRecent, type SavedRecord } from './recent';

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** False while the browser says it has no network. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

export type SavedCopy<T> =
  /** Online, or no answer yet: render the query's result. */
  | { offline: false }
  /** Offline: the copy saved on this device (null: none), undefined while it is being read. */
  | { offline: true; saved: SavedRecord<T> | null | undefined };

/**
 * A record page's query result kept on this device (src/offline/recent.ts; the sync query will
 * replace it): saved when it loads online; read back when the network is gone.
 */
export function useSavedRecord<T>({
  recordType,
  id,
  data,
  error,
  label,
  onReconnect,
}: {
  recordType: string;
  id: string;
  data: T | undefined;
  error: CombinedError | undefined;
  /** The record's name when `data` holds the record, else null (not found, not allowed). */
  label: (data: T) => string | null;
  /** Called when the browser is back online (e.g. to ask the server again). */
  onReconnect?: () => void;
}): SavedCopy<T> {
  const { me, tenant } = useMember();
  const online = useOnline();
  const offline = !online || Boolean(error?.networkError);
  // Partial data is fine (fields the role hides come back null with an error each).
  const found = data !== undefined && !error?.networkError ? label(data) : null;
  const [saved, setSaved] = useState<{ id: string; record: SavedRecord<T> | null } | null>(null);
  const reconnect = useRef(onReconnect);
  const wasOnline = useRef(online);
  useEffect(() => {
    reconnect.current = onReconnect;
  });
  useEffect(() => {
    if (online && !wasOnline.current) reconnect.current?.();
    wasOnline.current = online;
  }, [online]);

  useEffect(() => {
    // Only a copy fresh from the server: offline, urql may still hand back what it had in memory.
    if (!online || found === null || data === undefined) return;
    void saveRecent({ workspace: tenant.subdomain, id, recordType, label: found, viewer: me.email, data });
  }, [online, found, data, id, recordType, tenant.subdomain, me.email]);

  useEffect(() => {
    if (!offline) return;
    let cancelled = false;
    void loadRecent<T>(tenant.subdomain, id, me.email).then((record) => {
      if (!cancelled) setSaved({ id, record });
    });
    return () => {
      cancelled = true;
    };
  }, [offline, id, tenant.subdomain, me.email]);

  if (!offline) return { offline: false };
  return { offline: true, saved: saved?.id === id ? saved.record : undefined };
}
