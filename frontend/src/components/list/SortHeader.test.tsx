import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { MantineProvider, Table } from '@mantine/core';

import { SortHeader } from './SortHeader';
import type { SortKey } from './sorting';

function header(sort: SortKey[], onSort: (next: SortKey[]) => void) {
  return render(
    <MantineProvider>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <SortHeader field="total" text="Total" sort={sort} onSort={onSort} label="Sort by Total" />
          </Table.Tr>
        </Table.Thead>
      </Table>
    </MantineProvider>,
  );
}

describe('SortHeader', () => {
  it('sorts by its column, then the other way, and adds a key with shift', async () => {
    const user = userEvent.setup();
    const onSort = vi.fn();
    header([], onSort);
    expect(screen.getByRole('columnheader')).not.toHaveAttribute('aria-sort');
    await user.click(screen.getByRole('button', { name: 'Sort by Total' }));
    expect(onSort).toHaveBeenLastCalledWith([{ field: 'total', desc: false }]);
  });

  it('tells how the list is sorted, and which key it is among several', async () => {
    const user = userEvent.setup();
    const onSort = vi.fn();
    header([{ field: 'number', desc: false }, { field: 'total', desc: true }], onSort);
    expect(screen.getByRole('columnheader')).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader')).toHaveTextContent('Total▼2');
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('button', { name: 'Sort by Total' }));
    expect(onSort).toHaveBeenLastCalledWith([{ field: 'number', desc: false }]);
  });
});
