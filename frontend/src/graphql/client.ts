import { createClient as createWsClient } from 'graphql-ws';
import { Client, CombinedError, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type Exchange } from 'urql';

/** Where the API lives: same origin, so the session cookie rides along and the host picks the tenant. */
export const GRAPHQL_PATH = '/graphql/';

export function websocketUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${GRAPHQL_PATH}`;
}

/**
 * The urql client. On a tenant host it can also carry subscriptions (graphql-transport-ws over
 * /graphql/); the socket opens lazily, on the first subscription a page makes.
 */
/** Fired on window when any answer says the session is gone (expired, logged out elsewhere, access ended). */
export const UNAUTHENTICATED_EVENT = 'crm:unauthenticated';

/** The close code the server ends a live connection with when the member's access is gone (deactivated, revoked). */
export const ACCESS_REVOKED_CLOSE_CODE = 4403;

/** A live connection closed by the server because access ended: tell the session, and don't dial again. */
export function watchLiveClose(event: unknown): boolean {
  const code = (event as { code?: unknown } | null)?.code;
  if (code !== ACCESS_REVOKED_CLOSE_CODE) return false;
  window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
  return true;
}

/** Fired on window (detail: the code) when an answer is refused for billing: `PAYMENT_REQUIRED` or a `plan_limit`. */
export const BILLING_EVENT = 'crm:billing';

const sessionWatch = mapExchange({
  onResult(result) {
    if (isUnauthenticated(result.error)) window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    const code = billingRefusal(result.error, result.data);
    if (code) window.dispatchEvent(new CustomEvent(BILLING_EVENT, { detail: code }));
  },
});

/** `PAYMENT_REQUIRED` (a GraphQL error) or `plan_limit` (in a mutation payload's `errors`), else null. */
export function billingRefusal(error: CombinedError | undefined, data: unknown): string | null {
  if (errorCodes(error).includes('PAYMENT_REQUIRED')) return 'PAYMENT_REQUIRED';
  if (data && typeof data === 'object') {
    for (const payload of Object.values(data as Record<string, unknown>)) {
      const errors = (payload as { errors?: unknown } | null)?.errors;
      if (Array.isArray(errors) && errors.some((e) => (e as { code?: string })?.code === 'plan_limit')) return 'plan_limit';
    }
  }
  return null;
}

export function makeClient({ subscriptions = false }: { subscriptions?: boolean } = {}): Client {
  const exchanges: Exchange[] = [sessionWatch, cacheExchange, fetchExchange];
  if (subscriptions && typeof WebSocket !== 'undefined') {
    const ws = createWsClient({
      url: websocketUrl(),
      lazy: true,
      retryAttempts: 5,
      on: { closed: watchLiveClose },
      // graphql-ws retries a 4403 ("access might come back"); here it means signed out for good.
      shouldRetry: (event) => (event as { code?: unknown } | null)?.code !== ACCESS_REVOKED_CLOSE_CODE,
    });
    exchanges.push(
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
        },
      }),
    );
  }
  return new Client({
    url: GRAPHQL_PATH,
    exchanges,
    fetchOptions: { credentials: 'same-origin', headers: { Accept: 'application/graphql-response+json, application/json' } },
  });
}

/** The server's machine-readable code of a GraphQL error (`UNAUTHENTICATED`, `FORBIDDEN`…). */
export function errorCodes(error: CombinedError | undefined): string[] {
  return (error?.graphQLErrors ?? []).map((e) => String(e.extensions?.code ?? ''));
}

/**
 * Whether an answer failed, as opposed to arriving with some fields hidden: a field the member's
 * role hides comes back null with a FORBIDDEN error of its own, and the rest of the data stands.
 */
export function failed(error: CombinedError | undefined, data: unknown): boolean {
  if (!error) return false;
  if (error.networkError || data == null) return true;
  return errorCodes(error).some((code) => code !== 'FORBIDDEN');
}

/** Whether an answer says nobody is signed in: an `UNAUTHENTICATED` error, or an HTTP 401. */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  const status = (error?.response as { status?: number } | undefined)?.status;
  return status === 401 || errorCodes(error).includes('UNAUTHENTICATED');
}

/** Field errors of a mutation payload, keyed by field (`null` field → `_form`). */
export function fieldErrors(errors: readonly { field?: string | null; message: string }[] | undefined) {
  const byField: Record<string, string> = {};
  for (const e of errors ?? []) {
    const key = e.field ?? '_form';
    byField[key] = byField[key] ? `${byField[key]} ${e.message}` : e.message;
  }
  return byField;
}
