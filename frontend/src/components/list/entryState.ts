import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { useLocation } from 'react-router';

// Values per history entry (location key + name), newest last; the oldest go past this many.
const KEPT = 300;
const kept = new Map<string, unknown>();

/**
 * `useState` that the browser's Back button brings back: the value is kept for the history entry it was
 * set in, so returning to a list from a record finds its sort, filters, search and loaded pages as they
 * were (and the scroll position, restored by the router, then has the rows to land on). A new visit (a
 * link, the menu) is a new entry and starts from `initial`.
 */
export function useEntryState<T>(name: string, initial: T | (() => T)): [T, Dispatch<SetStateAction<T>>] {
  const slot = `${useLocation().key}|${name}`;
  const [value, setValue] = useState<T>(() =>
    kept.has(slot) ? (kept.get(slot) as T) : typeof initial === 'function' ? (initial as () => T)() : initial,
  );
  useEffect(() => {
    kept.delete(slot);
    kept.set(slot, value);
    if (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
  }, [slot, value]);
  return [value, setValue];
}

/** Tests: every render under a MemoryRouter is the same history entry; start each from nothing kept. */
export function forgetEntryStatesForTests() {
  kept.clear();
}
