import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { fakeClient, renderWith } from '../../test/render';
import { CustomFieldInputs, customFieldProblem, useCustomFieldForm } from './CustomFieldInputs';
import type { CustomFieldDef } from './customFields';

const field = (over: Partial<CustomFieldDef>): CustomFieldDef => ({ key: 'f', label: 'F', type: 'TEXT', choices: [], group: '', required: false, ...over });

describe('a custom field in a create form', () => {
  it('is checked against its definition before the form is sent', () => {
    expect(customFieldProblem(field({ required: true }), ' ')).toBe('required');
    expect(customFieldProblem(field({ required: true, default: 'x' }), '')).toBeNull(); // the default fills it
    expect(customFieldProblem(field({ type: 'NUMBER' }), '2.5')).toBe('number');
    expect(customFieldProblem(field({ type: 'NUMBER', minValue: '1', maxValue: '500' }), '0')).toBe('min');
    expect(customFieldProblem(field({ type: 'DECIMAL', maxValue: '10' }), '10.5')).toBe('max');
    expect(customFieldProblem(field({ type: 'MONEY', minValue: '100' }), '99 EUR')).toBe('min');
    expect(customFieldProblem(field({ minValue: '3' }), 'ab')).toBe('tooShort');
    expect(customFieldProblem(field({ regex: '[A-Z]{2}-\\d{4}' }), 'ab-1234')).toBe('pattern');
    expect(customFieldProblem(field({ regex: '[A-Z]{2}-\\d{4}' }), 'AB-1234')).toBeNull();
    expect(customFieldProblem(field({ regex: '(?P<x>a)' }), 'b')).toBeNull(); // Python-only syntax: the server judges
    expect(customFieldProblem(field({ type: 'EMAIL' }), 'nobody')).toBe('email');
    expect(customFieldProblem(field({ type: 'URL' }), 'example.com')).toBe('url');
    expect(customFieldProblem(field({ type: 'PICKLIST', choices: ['a'] }), '')).toBeNull();
  });

  it('renders an input per field, shows what is wrong, and gives the create input', async () => {
    const defs = [
      { id: '1', key: 'seats', label: 'Seats', type: 'NUMBER', description: 'Licensed seats', required: true, choices: [], group: '', position: 0, referenceType: '', minValue: '1', maxValue: '500', regex: '', default: null },
      { id: '2', key: 'tier', label: 'Tier', type: 'PICKLIST', description: '', required: false, choices: ['Gold', 'Silver'], group: '', position: 1, referenceType: '', minValue: null, maxValue: null, regex: '', default: 'Silver' },
    ];
    const fake = fakeClient(() => ({ data: { customFieldDefinitions: defs } }));
    let sent: unknown = null;
    function Form() {
      const custom = useCustomFieldForm('Company');
      const [errors, setErrors] = useState<Record<string, string>>({});
      return (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (custom.ready(setErrors)) sent = custom.input();
          }}
        >
          <CustomFieldInputs form={custom} errors={errors} />
          <button type="submit">Create</button>
        </form>
      );
    }
    renderWith(<Form />, { client: fake.client });
    const seats = await screen.findByRole('textbox', { name: /Seats/ });
    expect(screen.getByRole('combobox', { name: 'Tier' })).toHaveValue('Silver'); // the default, shown
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Seats is required.')).toBeInTheDocument();
    await userEvent.type(seats, '0');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('At least 1.')).toBeInTheDocument();
    expect(sent).toBeNull();
    await userEvent.clear(seats);
    await userEvent.type(seats, '25');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Tier' }), 'Gold');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(sent).toEqual([
      { key: 'seats', value: 25 },
      { key: 'tier', value: 'Gold' },
    ]);
    expect(screen.queryByText('At least 1.')).not.toBeInTheDocument();
  });
});
