import { CombinedError } from 'urql';
import { describe, expect, it, vi } from 'vitest';

import { failed, isUnauthenticated, UNAUTHENTICATED_EVENT, watchLiveClose } from './client';

const forbidden = { message: 'Your role does not allow this.', extensions: { code: 'FORBIDDEN' } };

describe('failed', () => {
  it('tells a failed answer from one with fields hidden by the role', () => {
    expect(failed(undefined, { contacts: [] })).toBe(false);
    expect(failed(new CombinedError({ graphQLErrors: [forbidden] }), { contacts: [] })).toBe(false);
    expect(failed(new CombinedError({ graphQLErrors: [forbidden] }), null)).toBe(true);
    expect(failed(new CombinedError({ graphQLErrors: [{ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }), {})).toBe(true);
    expect(failed(new CombinedError({ networkError: new Error('offline') }), { contacts: [] })).toBe(true);
  });
});

describe('signed out by the server', () => {
  it('counts an UNAUTHENTICATED error or an HTTP 401 as signed out, not other failures', () => {
    expect(isUnauthenticated(new CombinedError({ graphQLErrors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] }))).toBe(true);
    expect(isUnauthenticated(new CombinedError({ networkError: new Error('401'), response: { status: 401 } }))).toBe(true);
    expect(isUnauthenticated(new CombinedError({ networkError: new Error('503'), response: { status: 503 } }))).toBe(false);
    expect(isUnauthenticated(new CombinedError({ graphQLErrors: [forbidden] }))).toBe(false);
    expect(isUnauthenticated(undefined)).toBe(false);
  });

  it('signs the page out when the live connection is closed with 4403, and only then', () => {
    const heard = vi.fn();
    window.addEventListener(UNAUTHENTICATED_EVENT, heard);
    try {
      expect(watchLiveClose(new CloseEvent('close', { code: 1000 }))).toBe(false);
      expect(watchLiveClose(new CloseEvent('close', { code: 4500 }))).toBe(false);
      expect(watchLiveClose(new Error('socket error'))).toBe(false);
      expect(heard).not.toHaveBeenCalled();
      expect(watchLiveClose(new CloseEvent('close', { code: 4403, reason: 'Forbidden' }))).toBe(true);
      expect(heard).toHaveBeenCalledTimes(1);
    } finally {
      window.removeEventListener(UNAUTHENTICATED_EVENT, heard);
    }
  });
});
