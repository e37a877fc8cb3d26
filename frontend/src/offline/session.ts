/**
 * Who was signed in to this workspace, kept on this device so that a page reloaded with no
 * network still starts (and shows the records saved for offline reading) instead of a full-screen
 * "Cannot reach the server". Only names and formats, never a token: the session cookie stays the
 * proof, and the first answer from the server (signed in or not) replaces this copy.
 *
 * localStorage is per origin, and each workspace has its own host: one entry per workspace.
 */
const KEY = 'crm-offline-session';

export interface SavedSession<Me, Tenant> {
  me: Me;
  tenant: Tenant;
  savedAt: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // some private modes refuse access
  }
}

/** Keep the member and workspace the server just confirmed. */
export function saveSession<Me, Tenant>(me: Me, tenant: Tenant): void {
  try {
    storage()?.setItem(KEY, JSON.stringify({ me, tenant, savedAt: Date.now() }));
  } catch {
    // Full or refused: offline start is a convenience, not a requirement.
  }
}

/** The copy kept on this device, if any. */
export function loadSession<Me, Tenant>(): SavedSession<Me, Tenant> | null {
  try {
    const raw = storage()?.getItem(KEY);
    const saved = raw ? (JSON.parse(raw) as SavedSession<Me, Tenant>) : null;
    return saved && saved.me && saved.tenant ? saved : null;
  } catch {
    return null;
  }
}

/** Forget it (logged out, or the server said the session is gone), and what was kept with it. */
export function forgetSession(): void {
  storage()?.removeItem(KEY);
  storage()?.removeItem(ROLE_KEY);
  const store = storage();
  if (!store) return;
  const kept = Array.from({ length: store.length }, (_, i) => store.key(i)).filter((key): key is string => key?.startsWith(KEPT) ?? false);
  for (const key of kept) store.removeItem(key);
}

const KEPT = 'crm-offline-kept|';

/**
 * Keep a small answer a page needs to work offline (a record type's custom field definitions), kept
 * with the session copy and forgotten with it.
 */
export function keepWithSession<T>(name: string, value: T): void {
  try {
    storage()?.setItem(KEPT + name, JSON.stringify(value));
  } catch {
    // Full or refused: offline, the page does without.
  }
}

export function keptWithSession<T>(name: string): T | null {
  try {
    const raw = storage()?.getItem(KEPT + name);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

const ROLE_KEY = 'crm-offline-role';

/**
 * The member's role as the server last told it (`myRole`), so that a record page reloaded offline
 * still knows which fields are hidden or read-only (and offers editing only where the server would
 * take it once back online).
 */
export function saveRole<Role>(role: Role): void {
  try {
    storage()?.setItem(ROLE_KEY, JSON.stringify(role));
  } catch {
    // Full or refused: offline editing falls back to read-only.
  }
}

export function loadRole<Role>(): Role | null {
  try {
    const raw = storage()?.getItem(ROLE_KEY);
    return raw ? (JSON.parse(raw) as Role) : null;
  } catch {
    return null;
  }
}
