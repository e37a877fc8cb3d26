import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useQuery } from 'urql';

import { DeskNowDocument } from './operations';
import { deskOffset } from './sla';

// One timer for every countdown on the page: each subscriber re-renders once a second, nothing else.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let tick = Date.now();

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer)
    timer = setInterval(() => {
      tick = Date.now();
      listeners.forEach((l) => l());
    }, 1000);
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** This device's time, updated once a second while mounted. */
export function useTick(): number {
  return useSyncExternalStore(subscribe, () => tick);
}

/** The desk's offset from this device, from the `deskNow` of the latest answer. */
export function useDeskOffset(deskNow: string | null | undefined): number {
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(deskOffset(deskNow, Date.now())), [deskNow]);
  return offset;
}

/**
 * The desk's clock for a page: its offset from this device (asked once, and again on `refresh()`,
 * e.g. when a record changed live: tests move the desk's clock).
 */
export function useDeskClock(): { offset: number; refresh: () => void } {
  const [{ data }, refetch] = useQuery({ query: DeskNowDocument, requestPolicy: 'network-only' });
  const offset = useDeskOffset(data?.deskNow);
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  return { offset, refresh };
}
