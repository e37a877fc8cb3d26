import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { fakeClient, renderWith } from '../../test/render';
import { CustomFieldsPanel } from './CustomFieldsPanel';

const def = (key: string, label: string, position: number) => ({ id: key, key, label, type: 'TEXT', description: '', required: false, choices: [], group: '', position, referenceType: '', minValue: null, maxValue: null, regex: '', default: null });
const ROLE = { myRole: { key: 'sales', permissions: [{ recordType: '*', action: 'UPDATE', scope: 'ALL' }], fieldRules: [{ recordType: 'Warranty', field: 'custom_fields.secret', rule: 'HIDDEN' }] } };

function panel(layout: { field: string; hidden: boolean }[], onSave: (change: unknown) => Promise<string | null> = async () => null) {
  const fake = fakeClient((query) => {
    if (query.includes('query CustomFieldDefinitions')) return { data: { customFieldDefinitions: [def('tier', 'Tier', 0), def('region', 'Region', 1), def('plan', 'Plan', 2), def('secret', 'Secret', 3)] } };
    if (query.includes('query RecordPageLayout')) return { data: { recordLayout: { fields: layout } } };
    if (query.includes('query MyRoleAccess')) return { data: ROLE };
    return { data: null };
  });
  renderWith(<CustomFieldsPanel recordType="Warranty" values={[{ key: 'tier', value: 'Gold' }]} onSave={onSave} />, { client: fake.client });
}

const shownFields = () => [...document.querySelectorAll('dd[data-field]')].map((dd) => dd.getAttribute('data-field'));

describe('CustomFieldsPanel', () => {
  it("honours the role's layout on any record type: its order, its hidden fields left off, field rules still hide", async () => {
    panel([
      { field: 'customFields.plan', hidden: false },
      { field: 'customFields.region', hidden: true },
    ]);
    await waitFor(() => expect(shownFields()).toEqual(['customFields.plan', 'customFields.tier']));
  });

  it('saves one field as the update input and rolls back with the error next to it when refused', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    panel([], async (change: unknown) => {
      sent.push(change);
      return 'Not allowed here.';
    });
    await user.click(await screen.findByRole('button', { name: 'Edit Tier: Gold' }));
    const input = screen.getByRole('textbox', { name: 'Tier' });
    await user.clear(input);
    await user.type(input, 'Silver{Enter}');
    expect(await screen.findByText('Not allowed here.')).toBeTruthy();
    expect(sent).toEqual([{ customFields: [{ key: 'tier', value: 'Silver' }] }]);
    expect(screen.getByRole('button', { name: 'Edit Tier: Gold' })).toBeTruthy();
  });
});
