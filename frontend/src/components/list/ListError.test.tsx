import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from 'urql';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { renderWith } from '../../test/render';
import { ListError } from './ListError';

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

const unreachable = new CombinedError({ networkError: new TypeError('Failed to fetch') });

describe('ListError', () => {
  afterEach(() => setOnline(true));

  it('offline: a friendly message, never urql’s "[Network] Failed to fetch"', () => {
    setOnline(false);
    renderWith(<ListError error={unreachable} onRetry={() => undefined} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('You are offline, so this list cannot be loaded.');
    expect(alert).not.toHaveTextContent('[Network]');
    // Retrying cannot work without a network.
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('online but the server unreachable: says so, and retries on request', async () => {
    const retry = vi.fn();
    renderWith(<ListError error={unreachable} onRetry={retry} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Cannot reach the server. Check your connection.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it('a GraphQL error shows the server’s message; nothing when all is well', () => {
    const refused = new CombinedError({ graphQLErrors: [{ message: 'Page too large: at most 100.' }] });
    const { rerender } = renderWith(<ListError error={refused} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Page too large: at most 100.');
    rerender(<ListError error={null} />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
