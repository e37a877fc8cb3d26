/**
 * Signup (on the public site) hands the new owner's bearer token to the workspace in the URL
 * fragment — never sent to a server, never logged — as `#handoff=<token>`. The workspace trades
 * it at once for a session cookie (`startSession`, which revokes the token).
 */
export const HANDOFF_KEY = 'handoff';

export function handoffUrl(workspaceUrl: string, token: string): string {
  const base = workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`;
  return `${base}#${HANDOFF_KEY}=${encodeURIComponent(token)}`;
}

/** The token in the fragment, if any, and the fragment without it. */
export function takeHandoff(hash: string): { token: string | null; rest: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get(HANDOFF_KEY);
  params.delete(HANDOFF_KEY);
  const rest = params.toString();
  return { token, rest: rest ? `#${rest}` : '' };
}
