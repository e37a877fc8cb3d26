/** How a module's update mutation's answer reads for the offline queue (src/offline/queue.ts). */
import type { OperationResult } from 'urql';

import type { SendAnswer } from './queue';

interface Payload {
  errors: { field?: string | null; message: string; code: string }[];
}

/**
 * `saved`, `conflict` (the typed CONFLICT error: the record changed since the edit's version),
 * `unreachable` (no answer: try again later), or `refused` with the server's message.
 */
export function answerOf<T>(result: OperationResult<T>, pick: (data: T) => Payload | null | undefined): SendAnswer {
  if (result.error?.networkError) return { kind: 'unreachable' };
  const payload = result.data ? pick(result.data) : null;
  if (!payload) return { kind: 'refused', message: result.error?.graphQLErrors.map((e) => e.message).join(' ') || 'The server refused the change.' };
  if (payload.errors.some((e) => e.code === 'conflict')) return { kind: 'conflict' };
  if (payload.errors.length) return { kind: 'refused', message: payload.errors.map((e) => e.message).join(' ') };
  return { kind: 'saved' };
}
