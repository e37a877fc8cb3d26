/**
 * What the one offline banner (src/shell/OfflineBanner.tsx) says. A page showing a copy saved on
 * this device tells it when that copy was saved, instead of drawing a banner of its own: two
 * banners stacked ("You are offline" over "Offline — showing the copy saved…") said it twice.
 */
import { useEffect, useSyncExternalStore } from 'react';

/** Epoch milliseconds of the saved copy on screen, or null (none). */
let savedAt: number | null = null;
const listeners = new Set<() => void>();

function set(next: number | null): void {
  if (next === savedAt) return;
  savedAt = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** When the saved copy on screen was saved (null: the page shows what the server sent). */
export function useSavedCopyShown(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => savedAt,
    () => null,
  );
}

/** While mounted with a time, the banner says the page shows the copy saved then. */
export function useShowingSavedCopy(at: number | null): void {
  useEffect(() => {
    set(at);
    return () => set(null);
  }, [at]);
}
