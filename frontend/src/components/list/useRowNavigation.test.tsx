import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { useRowNavigation } from './useRowNavigation';

function List({ names, onOpen, testId = 'list' }: { names: string[]; onOpen: (name: string) => void; testId?: string }) {
  const nav = useRowNavigation(names.length, (i) => onOpen(names[i]));
  return (
    <table data-testid={testId} {...nav.tableProps}>
      <tbody>
        {names.map((n, i) => (
          <tr key={n} {...nav.rowProps(i)}>
            <td>{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const focusedRow = (testId = 'list') => screen.getByTestId(testId).querySelector('tr[data-focused="true"]')?.textContent ?? null;

describe('list row navigation', () => {
  it('j and k (and the arrows) move a focus ring over the rows, and Enter opens the focused one', async () => {
    const user = userEvent.setup();
    const onOpen = vi.fn();
    render(<List names={['Acme', 'Globex', 'Initech']} onOpen={onOpen} />);
    expect(focusedRow()).toBeNull();
    // Before focus is in the list, the arrows and Enter are the page's.
    await user.keyboard('{ArrowDown}{Enter}');
    expect(focusedRow()).toBeNull();
    await user.keyboard('j');
    expect(focusedRow()).toBe('Acme');
    expect(document.activeElement?.textContent).toBe('Acme');
    await user.keyboard('jj');
    expect(focusedRow()).toBe('Initech');
    await user.keyboard('j'); // stays on the last row
    expect(focusedRow()).toBe('Initech');
    await user.keyboard('k{ArrowUp}{ArrowDown}');
    expect(focusedRow()).toBe('Globex');
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledWith('Globex');
  });

  it('leaves keys typed into a field alone', async () => {
    const user = userEvent.setup();
    const onOpen = vi.fn();
    render(
      <>
        <input aria-label="Search" />
        <List names={['Acme', 'Globex']} onOpen={onOpen} />
      </>,
    );
    await user.click(screen.getByLabelText('Search'));
    await user.keyboard('jk{ArrowDown}{Enter}');
    expect(screen.getByLabelText('Search')).toHaveValue('jk');
    expect(focusedRow()).toBeNull();
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('with two lists on a page, the first answers until focus is in the other', async () => {
    const user = userEvent.setup();
    render(
      <>
        <List names={['Acme', 'Globex']} onOpen={() => {}} testId="first" />
        <List names={['Hank', 'Homer']} onOpen={() => {}} testId="second" />
      </>,
    );
    await user.keyboard('j');
    expect(focusedRow('first')).toBe('Acme');
    expect(focusedRow('second')).toBeNull();
    await user.click(screen.getByText('Hank'));
    await user.keyboard('j');
    expect(focusedRow('second')).toBe('Homer');
    expect(focusedRow('first')).toBe('Acme');
  });
});
