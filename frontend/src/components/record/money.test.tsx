import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import { useFormat, WorkspaceFormatsProvider } from '../../locale';
import { fakeClient, renderWith } from '../../test/render';
import { InlineField } from './InlineField';
import { MoneyInput, moneyField, moneyInputOf, moneyOf, moneyText, type MoneyDraft, type MoneyValue } from './money';

/** A deal's amount on its page: the kit's field, saving into the "server" the test holds. */
function Amount({ initial, saved, refuse }: { initial: MoneyValue | null; saved: (MoneyValue | null)[]; refuse?: string }) {
  const format = useFormat();
  const [money, setMoney] = useState(initial);
  const def = moneyField(format, {
    field: 'amount',
    label: 'Amount',
    money,
    currencies: ['EUR', 'CNY'],
    save: async (next) => {
      saved.push(next);
      if (refuse) return refuse;
      setMoney(next);
      return null;
    },
  });
  return <InlineField label={def.label} value={def.value} display={def.display} editor={def.editor!} onSave={def.save!} />;
}

describe('moneyField', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it('shows an amount in the interface language, in its own currency', async () => {
    const shown = () => {
      const Show = () => <span data-testid="shown">{moneyText(useFormat(), { amount: '1234.5', currency: 'EUR' })}</span>;
      return render(
        <WorkspaceFormatsProvider value={{ locale: 'de-DE', currency: 'EUR' }}>
          <Show />
        </WorkspaceFormatsProvider>,
      );
    };
    await i18n.changeLanguage('zh-CN');
    const zh = shown();
    expect(screen.getByTestId('shown')).toHaveTextContent('€1,234.50'); // a German workspace read in Chinese
    zh.unmount();
    await i18n.changeLanguage('en');
    shown();
    expect(screen.getByTestId('shown')).toHaveTextContent('€1,234.50');
  });

  it('edits the amount and its currency in place; a new amount takes the workspace currency', async () => {
    const user = userEvent.setup();
    const saved: (MoneyValue | null)[] = [];
    renderWith(<Amount initial={null} saved={saved} />);
    // No amount yet: the editor offers the workspace's currency (USD in tests) first.
    await user.click(screen.getByRole('button', { name: 'Edit Amount: —' }));
    expect(screen.getByRole('combobox', { name: 'Currency of Amount' })).toHaveValue('USD');
    await user.type(screen.getByRole('textbox', { name: 'Amount' }), '1,200.5{Enter}');
    expect(saved).toEqual([{ amount: '1200.5', currency: 'USD' }]);
    expect(await screen.findByRole('button', { name: 'Edit Amount: $1,200.50' })).toBeInTheDocument();

    // Another currency the workspace keeps, then cleared.
    await user.click(screen.getByRole('button', { name: 'Edit Amount: $1,200.50' }));
    expect(screen.getByRole('textbox', { name: 'Amount' })).toHaveValue('1200.5');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Currency of Amount' }), 'EUR');
    await user.click(screen.getByRole('button', { name: 'Save Amount' }));
    expect(saved.at(-1)).toEqual({ amount: '1200.5', currency: 'EUR' });
    await user.click(await screen.findByRole('button', { name: 'Edit Amount: €1,200.50' }));
    await user.clear(screen.getByRole('textbox', { name: 'Amount' }));
    await user.keyboard('{Enter}');
    expect(saved.at(-1)).toBeNull();
    expect(await screen.findByRole('button', { name: 'Edit Amount: —' })).toBeInTheDocument();
  });

  it('refuses what is no amount next to the field, saving nothing; the server’s refusal rolls back', async () => {
    const user = userEvent.setup();
    const saved: (MoneyValue | null)[] = [];
    renderWith(<Amount initial={{ amount: '300.00', currency: 'CNY' }} saved={saved} refuse="Must be positive." />);
    await user.click(screen.getByRole('button', { name: 'Edit Amount: CN¥300.00' }));
    expect(screen.getByRole('combobox', { name: 'Currency of Amount' })).toHaveValue('CNY'); // the record's own
    const input = screen.getByRole('textbox', { name: 'Amount' });
    await user.clear(input);
    await user.type(input, 'lots{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter an amount, e.g. 1200.50.');
    expect(saved).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Edit Amount: CN¥300.00' }));
    await user.clear(screen.getByRole('textbox', { name: 'Amount' }));
    await user.type(screen.getByRole('textbox', { name: 'Amount' }), '-5{Enter}');
    expect(saved).toEqual([{ amount: '-5', currency: 'CNY' }]);
    expect(await screen.findByRole('alert')).toHaveTextContent('Must be positive.');
    expect(screen.getByRole('button', { name: 'Edit Amount: CN¥300.00' })).toBeInTheDocument();
  });

  it('in a record’s own currency (a campaign’s budget): the amount alone is edited, in that currency', async () => {
    const user = userEvent.setup();
    const saved: (MoneyValue | null)[] = [];
    const Budget = () => {
      const def = moneyField(useFormat(), { field: 'budget', label: 'Budget', money: null, currency: 'CNY', currencies: ['EUR'], save: async (m) => (saved.push(m), null) });
      return <InlineField label={def.label} value={def.value} display={def.display} editor={def.editor!} onSave={def.save!} />;
    };
    renderWith(<Budget />);
    await user.click(screen.getByRole('button', { name: 'Edit Budget: —' }));
    const currency = screen.getByRole('combobox', { name: 'Currency of Budget' });
    expect(currency).toHaveValue('CNY');
    expect(currency).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: 'Budget' }), '8000{Enter}');
    expect(saved).toEqual([{ amount: '8000', currency: 'CNY' }]);
  });

  it('reads an editor value back as money', () => {
    expect(moneyOf('1200.50 USD', 'EUR')).toEqual({ amount: '1200.50', currency: 'USD' });
    expect(moneyOf(' 12,000 ', 'CNY')).toEqual({ amount: '12000', currency: 'CNY' });
    expect(moneyOf('1 200,00'.replace(',', '.') + ' eur', 'USD')).toEqual({ amount: '1200.00', currency: 'EUR' });
    expect(moneyOf('', 'USD')).toBeNull();
    expect(moneyOf('1.2.3 USD', 'USD')).toBeUndefined();
    expect(moneyOf('ten', 'USD')).toBeUndefined();
  });

  it('is shown, never edited, without a save', () => {
    const Total = () => {
      const def = moneyField(useFormat(), { field: 'total', label: 'Total', money: { amount: '3283.19', currency: 'USD' } });
      return <span data-testid="total" data-editable={String(Boolean(def.editor || def.save))}>{def.display}</span>;
    };
    renderWith(<Total />);
    expect(screen.getByTestId('total')).toHaveTextContent('$3,283.19');
    expect(screen.getByTestId('total')).toHaveAttribute('data-editable', 'false');
  });

  it('a form’s money input: the workspace’s currency first, its other currencies offered, the amount read the reader’s way', async () => {
    const user = userEvent.setup();
    const sent: (MoneyValue | null)[] = [];
    const Form = () => {
      const [money, setMoney] = useState<MoneyDraft>({ amount: '', currency: useFormat().currencyCode ?? '' });
      return (
        <form onSubmit={(e) => (e.preventDefault(), sent.push(moneyInputOf(money)))}>
          <MoneyInput label="Value" value={money} onChange={setMoney} />
          <button type="submit">Create</button>
        </form>
      );
    };
    const { client } = fakeClient((query) => (query.includes('MoneyCurrencies') ? { data: { currentTenant: { currency: 'USD', exchangeRates: [{ currency: 'CNY' }] } } } : { data: null }));
    renderWith(<Form />, { client });
    const currency = screen.getByRole('combobox', { name: 'Currency' });
    expect(currency).toHaveValue('USD');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await user.type(screen.getByRole('textbox', { name: 'Value' }), '12,000.50');
    await screen.findByRole('option', { name: 'CNY' });
    await user.selectOptions(currency, 'CNY');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await user.clear(screen.getByRole('textbox', { name: 'Value' }));
    await user.type(screen.getByRole('textbox', { name: 'Value' }), 'ten');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    // None, then the amount as a decimal string, then what it cannot read as typed (the server refuses it by the field).
    expect(sent).toEqual([null, { amount: '12000.50', currency: 'CNY' }, { amount: 'ten', currency: 'CNY' }]);
  });
});
