import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { renderWith } from '../../test/render';
import { InlineField } from './InlineField';

/** A field whose "server" accepts or refuses what is saved, like a record page holding its record. */
function Harness({ refuse, saved }: { refuse?: string; saved: string[] }) {
  const [value, setValue] = useState('Aerospace');
  return (
    <InlineField
      label="Industry"
      value={value}
      editor={{ kind: 'text' }}
      onSave={async (next) => {
        saved.push(next);
        await new Promise((r) => setTimeout(r, 30));
        if (refuse) return refuse;
        setValue(next);
        return null;
      }}
    />
  );
}

describe('InlineField', () => {
  it('is named by the words it shows (an empty owner reads "Public pool")', () => {
    renderWith(
      <InlineField
        label="Owner"
        value=""
        display="Public pool"
        editor={{ kind: 'select', options: [{ value: 'u1', label: 'Olivia Owner' }] }}
        onSave={async () => null}
      />,
    );
    expect(screen.getByRole('button', { name: 'Edit Owner: Public pool' })).toHaveTextContent('Public pool');
  });

  it('saves on Enter, showing the new value at once', async () => {
    const user = userEvent.setup();
    const saved: string[] = [];
    renderWith(<Harness saved={saved} />);
    await user.click(screen.getByRole('button', { name: 'Edit Industry: Aerospace' }));
    const input = screen.getByRole('textbox', { name: 'Industry' });
    await user.clear(input);
    await user.type(input, 'Energy{Enter}');
    // Optimistic: the new value shows while the save is on its way.
    expect(screen.getByRole('button', { name: 'Edit Industry: Energy' })).toHaveAttribute('aria-busy', 'true');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Edit Industry: Energy' })).not.toHaveAttribute('aria-busy'));
    expect(saved).toEqual(['Energy']);
  });

  it('cancels on Escape without saving', async () => {
    const user = userEvent.setup();
    const saved: string[] = [];
    renderWith(<Harness saved={saved} />);
    await user.click(screen.getByRole('button', { name: 'Edit Industry: Aerospace' }));
    await user.type(screen.getByRole('textbox', { name: 'Industry' }), ' and more{Escape}');
    expect(screen.getByRole('button', { name: 'Edit Industry: Aerospace' })).toBeInTheDocument();
    expect(saved).toEqual([]);
  });

  it('rolls back a refused value and shows why next to the field', async () => {
    const user = userEvent.setup();
    const saved: string[] = [];
    renderWith(<Harness saved={saved} refuse="Industry is too long." />);
    await user.click(screen.getByRole('button', { name: 'Edit Industry: Aerospace' }));
    const input = screen.getByRole('textbox', { name: 'Industry' });
    await user.clear(input);
    await user.type(input, 'Way too long{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Industry is too long.');
    expect(screen.getByRole('button', { name: 'Edit Industry: Aerospace' })).toBeInTheDocument();
    expect(saved).toEqual(['Way too long']);
  });

  it('shows a read-only value as plain text, not as a button', () => {
    renderWith(<InlineField label="Credit limit" value="5000" editor={{ kind: 'number' }} readOnly onSave={async () => null} />);
    expect(screen.getByText('5000')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
