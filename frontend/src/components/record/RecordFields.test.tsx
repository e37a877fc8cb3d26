import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { fakeClient, renderWith } from '../../test/render';
import { RecordFields, withCustomGroups, type FieldGroup } from './RecordFields';

const def = (key: string, label: string, group = '') => ({ id: key, key, label, type: 'TEXT', description: '', required: false, choices: [], group, position: 0, referenceType: '', minValue: null, maxValue: null, regex: '', default: null });
const text = { kind: 'text' } as const;

/** A deal-like page: its own fields in two groups, custom fields from the workspace. */
const GROUPS: FieldGroup[] = [
  {
    id: 'basics',
    title: 'Basics',
    fields: [
      { field: 'title', label: 'Title', value: 'Big deal', editor: text },
      { field: 'amount', label: 'Amount', value: '100', editor: { kind: 'number' } },
      { field: 'nextStep', label: 'Next step', value: 'Call', editor: text },
    ],
  },
  {
    id: 'people',
    title: 'People',
    fields: [
      { field: 'owner', label: 'Owner', value: 'Pepper' },
      { field: 'probability', label: 'Probability', value: '40', editor: { kind: 'number' }, readOnly: true },
    ],
  },
];

function page({
  layout = [],
  groupOrder = [],
  rules = [],
  onSave = async () => null,
  onSaveCustom = async () => null,
  groups = GROUPS,
  builtInReadOnly,
}: {
  builtInReadOnly?: boolean;
  layout?: { field: string; hidden: boolean; group?: string }[];
  groupOrder?: string[];
  rules?: { field: string; rule: string }[];
  onSave?: (field: string, value: string) => Promise<string | null>;
  onSaveCustom?: (change: unknown) => Promise<string | null>;
  groups?: FieldGroup[];
}) {
  const fake = fakeClient((query) => {
    if (query.includes('query CustomFieldDefinitions')) return { data: { customFieldDefinitions: [def('tier', 'Tier', 'basics'), def('region', 'Region'), def('secret', 'Secret')] } };
    if (query.includes('query RecordPageLayout')) return { data: { recordLayout: { fields: layout, groups: groupOrder } } };
    if (query.includes('query MyRoleAccess'))
      return { data: { myRole: { key: 'sales', permissions: [{ recordType: '*', action: 'UPDATE', scope: 'ALL' }], fieldRules: rules.map((r) => ({ recordType: 'Deal', ...r })) } } };
    return { data: null };
  });
  renderWith(<RecordFields recordType="Deal" groups={groups} customFields={{ values: [{ key: 'tier', value: 'Gold' }], onSave: onSaveCustom }} onSave={onSave} builtInReadOnly={builtInReadOnly} />, { client: fake.client });
  return fake;
}

/** The fields shown, group by group, in page order. */
const shown = () =>
  [...document.querySelectorAll('[data-testid^="field-group-"]')].map((g) => [g.getAttribute('data-testid')!.slice('field-group-'.length), [...g.querySelectorAll('dd[data-field]')].map((dd) => dd.getAttribute('data-field'))]);

describe('RecordFields', () => {
  it('shows built-in and custom fields in the page’s groups; a custom field joins the group its definition names', async () => {
    page({});
    await waitFor(() =>
      expect(shown()).toEqual([
        ['basics', ['title', 'amount', 'nextStep', 'customFields.tier']],
        ['people', ['owner', 'probability']],
        ['custom-fields', ['customFields.region', 'customFields.secret']],
      ]),
    );
    expect(within(screen.getByTestId('field-group-custom-fields')).getByRole('heading', { name: 'Custom fields' })).toBeInTheDocument();
  });

  it('orders built-in and custom fields by the role’s layout and leaves off the ones it hides', async () => {
    page({
      layout: [
        { field: 'customFields.tier', hidden: false },
        { field: 'nextStep', hidden: false },
        { field: 'amount', hidden: true },
        { field: 'probability', hidden: false },
        { field: 'customFields.secret', hidden: false },
        { field: 'customFields.region', hidden: true },
      ],
    });
    await waitFor(() =>
      expect(shown()).toEqual([
        ['basics', ['customFields.tier', 'nextStep', 'title']],
        ['people', ['probability', 'owner']],
        ['custom-fields', ['customFields.secret']],
      ]),
    );
  });

  it('moves a built-in or custom field to the group the layout gives it', async () => {
    page({
      layout: [
        { field: 'owner', hidden: false, group: 'Basics' },
        { field: 'customFields.region', hidden: false, group: 'people' },
        { field: 'probability', hidden: false, group: 'Forecast' },
      ],
    });
    await waitFor(() =>
      expect(shown()).toEqual([
        ['basics', ['owner', 'title', 'amount', 'nextStep', 'customFields.tier']],
        ['people', ['customFields.region']],
        ['custom-fields', ['customFields.secret']],
        ['layout-forecast', ['probability']],
      ]),
    );
    expect(within(screen.getByTestId('field-group-layout-forecast')).getByRole('heading', { name: 'Forecast' })).toBeInTheDocument();
  });

  it('orders the groups as the layout names them (by id or title), the others after in the page’s order', async () => {
    page({
      layout: [{ field: 'probability', hidden: false, group: 'Forecast' }],
      groupOrder: ['forecast', 'Custom fields', 'PEOPLE', 'no such group'],
    });
    await waitFor(() =>
      expect(shown()).toEqual([
        ['layout-forecast', ['probability']],
        ['custom-fields', ['customFields.region', 'customFields.secret']],
        ['people', ['owner']],
        ['basics', ['title', 'amount', 'nextStep', 'customFields.tier']],
      ]),
    );
  });

  it('leaves off what field rules hide (whatever the layout says) and a group left empty', async () => {
    page({
      layout: [{ field: 'customFields.secret', hidden: false }],
      rules: [
        { field: 'custom_fields.secret', rule: 'HIDDEN' },
        { field: 'custom_fields.region', rule: 'HIDDEN' },
        { field: 'next_step', rule: 'HIDDEN' },
      ],
    });
    await waitFor(() =>
      expect(shown()).toEqual([
        ['basics', ['title', 'amount', 'customFields.tier']],
        ['people', ['owner', 'probability']],
      ]),
    );
  });

  it('edits in place what the role may change; read-only by rule, by the page or without an editor is text', async () => {
    const user = userEvent.setup();
    const saved: unknown[] = [];
    page({
      rules: [{ field: 'amount', rule: 'READ_ONLY' }],
      onSave: async (field, value) => {
        saved.push([field, value]);
        return null;
      },
      onSaveCustom: async (change) => {
        saved.push(change);
        return 'Not allowed here.';
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Edit Title: Big deal' }));
    await user.type(screen.getByRole('textbox', { name: 'Title' }), '!{Enter}');
    await user.click(screen.getByRole('button', { name: 'Edit Tier: Gold' }));
    const tier = screen.getByRole('textbox', { name: 'Tier' });
    await user.clear(tier);
    await user.type(tier, 'Silver{Enter}');
    // The custom field goes as the update's customFields; refused, the old value comes back with the error.
    expect(await screen.findByText('Not allowed here.')).toBeInTheDocument();
    expect(saved).toEqual([['title', 'Big deal!'], { customFields: [{ key: 'tier', value: 'Silver' }] }]);
    expect(screen.getByRole('button', { name: 'Edit Tier: Gold' })).toBeInTheDocument();
    for (const field of ['amount', 'owner', 'probability']) expect(document.querySelector(`dd[data-field="${field}"] [data-readonly]`)).not.toBeNull();
  });

  it('keeps custom fields editable when only the page’s own fields are read-only (a closed record)', async () => {
    page({ builtInReadOnly: true });
    expect(await screen.findByRole('button', { name: 'Edit Tier: Gold' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit Title/ })).not.toBeInTheDocument();
  });

  it('saves a field with its own save when it has one', async () => {
    const user = userEvent.setup();
    const moved: string[] = [];
    const groups: FieldGroup[] = [
      {
        id: 'basics',
        title: 'Basics',
        fields: [{ field: 'stage', label: 'Stage', value: 's1', editor: { kind: 'select', options: [{ value: 's1', label: 'New' }, { value: 's2', label: 'Won' }] }, save: async (v) => (moved.push(v), null) }],
      },
    ];
    page({ groups, onSave: async () => 'not this one' });
    await user.click(await screen.findByRole('button', { name: 'Edit Stage: New' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Stage' }), 's2');
    await user.click(screen.getByRole('button', { name: 'Save Stage' }));
    await waitFor(() => expect(moved).toEqual(['s2']));
  });

  it('shows a page’s own control while the field is editable, its value when the role may not change it', async () => {
    const groups = (readOnly: boolean): FieldGroup[] => [
      { id: 'basics', title: 'Basics', fields: [{ field: 'stage', label: 'Stage', value: 's1', display: 'New', readOnly, control: <button type="button">Move</button> }] },
    ];
    page({ groups: groups(false) });
    expect(await screen.findByRole('button', { name: 'Move' })).toBeInTheDocument();
    cleanup();
    page({ groups: groups(true) });
    expect(await screen.findByText('New')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Move' })).not.toBeInTheDocument();
  });
});

describe('withCustomGroups', () => {
  it('puts a custom group with the page group of its id or title, the rest after', () => {
    const custom = [
      { id: 'custom-People', title: 'People', fields: [{ field: 'customFields.a', label: 'A', value: '' }] },
      { id: 'custom-fields', title: 'Custom fields', fields: [{ field: 'customFields.b', label: 'B', value: '' }] },
    ];
    const merged = withCustomGroups(GROUPS, custom);
    expect(merged.map((g) => [g.id, g.fields.map((f) => f.field)])).toEqual([
      ['basics', ['title', 'amount', 'nextStep']],
      ['people', ['owner', 'probability', 'customFields.a']],
      ['custom-fields', ['customFields.b']],
    ]);
    // The page's own groups are not changed in place.
    expect(GROUPS[1].fields).toHaveLength(2);
  });
});
