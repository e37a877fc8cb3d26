import { ActionIcon, Group, NativeSelect, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Choice {
  value: string;
  label: string;
}

/** How a field is edited: free text, one of a set, a date, or a list typed comma-separated. */
export type Editor =
  | { kind: 'text' }
  | { kind: 'number' }
  | { kind: 'date' }
  | { kind: 'list' }
  | { kind: 'select'; options: Choice[]; clearable?: boolean }
  /** An amount and its currency, the value written "1200.50 USD" ('' for none): see the kit's `moneyField`. */
  | { kind: 'money'; currency: string; currencies: readonly string[] };

export interface InlineFieldProps {
  /** The field's name, as the editor's accessible label ("Industry", "Industry of Acme"). */
  label: string;
  /** The value as the editor holds it ('' when empty). */
  value: string;
  /** How the value reads when not editing (defaults to the value, or the option's label). */
  display?: ReactNode;
  editor: Editor;
  readOnly?: boolean;
  /** Save `next`; resolve to the error to show next to the field, or null when saved. */
  onSave: (next: string) => Promise<string | null>;
  /** In a table cell: smaller, no label. */
  compact?: boolean;
}

/**
 * A value that turns into its editor in place: click it (or its pencil), change, Enter saves and
 * Esc cancels. The new value shows at once (optimistic); when the server refuses it, the old
 * value comes back and the server's message shows next to the field.
 */
export function InlineField({ label, value, display, editor, readOnly, onSave, compact }: InlineFieldProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  // The value being saved (shown meanwhile), until the record comes back with its new value.
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Waiting for the server's answer (the pending value may outlive it until the record reloads).
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  useEffect(() => setPending(null), [value]);

  const shown = pending ?? value;
  const labelOf = (v: string) => (editor.kind === 'select' ? (editor.options.find((o) => o.value === v)?.label ?? v) : v);
  const readable = pending !== null ? labelOf(pending) || '—' : (display ?? (labelOf(value) || '—'));

  const start = () => {
    setDraft(shown);
    setError(null);
    setEditing(true);
  };
  const cancel = () => setEditing(false);
  const save = async () => {
    setEditing(false);
    const next =
      editor.kind === 'list'
        ? draft.split(',').map((s) => s.trim()).filter(Boolean).join(', ')
        : editor.kind === 'money'
          ? moneyDraft(draft).amount.trim() && `${moneyDraft(draft).amount.trim()} ${moneyDraft(draft).currency || editor.currency}`
          : draft.trim();
    if (next === value) return;
    setPending(next);
    setError(null);
    setBusy(true);
    const refused = await onSave(next).catch((e: Error) => e.message || t('errors.generic'));
    setBusy(false);
    if (refused) {
      setPending(null); // roll back
      setError(refused);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      // Esc belongs to this editor: a dialog or menu around it stays open.
      e.preventDefault();
      e.stopPropagation();
      cancel();
    }
  };

  if (readOnly)
    return (
      <Text component="span" size="sm" data-readonly>
        {display ?? (labelOf(value) || '—')}
      </Text>
    );

  const size = compact ? 'xs' : 'sm';
  const common = {
    'aria-label': label,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    size,
    autoFocus: true,
    onKeyDown,
    style: { flex: 1, minWidth: 0 },
  } as const;
  const errorText = error && (
    <Text id={errorId} size="xs" c="red.9" role="alert" data-testid="field-error">
      {error}
    </Text>
  );

  if (editing)
    return (
      <div>
        <Group gap={4} wrap="nowrap">
          {editor.kind === 'select' ? (
            <NativeSelect
              {...common}
              data={[...(editor.clearable || !draft ? [{ value: '', label: '—' }] : []), ...editor.options]}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
            />
          ) : editor.kind === 'money' ? (
            <>
              <TextInput
                {...common}
                inputMode="decimal"
                value={moneyDraft(draft).amount}
                onChange={(e) => setDraft(`${e.currentTarget.value} ${moneyDraft(draft).currency || editor.currency}`)}
              />
              <NativeSelect
                aria-label={t('money.currencyOf', { name: label })}
                size={size}
                onKeyDown={onKeyDown}
                // One currency (the record's own, or the only one the workspace keeps): shown, not chosen.
                disabled={editor.currencies.length < 2}
                data={[...new Set([moneyDraft(draft).currency || editor.currency, ...editor.currencies])]}
                value={moneyDraft(draft).currency || editor.currency}
                onChange={(e) => setDraft(`${moneyDraft(draft).amount} ${e.currentTarget.value}`)}
              />
            </>
          ) : (
            <TextInput
              {...common}
              type={editor.kind === 'date' ? 'date' : editor.kind === 'number' ? 'number' : 'text'}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
            />
          )}
          <ActionIcon variant="subtle" size={size} color="green.9" onClick={() => void save()} aria-label={t('inline.save', { name: label })}>
            <span aria-hidden="true">✓</span>
          </ActionIcon>
          <ActionIcon variant="subtle" size={size} color="gray.8" onClick={cancel} aria-label={t('inline.cancel', { name: label })}>
            <span aria-hidden="true">✕</span>
          </ActionIcon>
        </Group>
        {errorText}
      </div>
    );

  return (
    <div>
      <UnstyledButton
        onClick={start}
        // The name says what a click does and what the value is now ("Edit Industry: Aerospace"),
        // in the words shown ("Edit Owner: Public pool", not the empty value behind them).
        aria-label={`${t('inline.edit', { name: label })}: ${typeof readable === 'string' ? readable : labelOf(shown) || '—'}`}
        aria-busy={busy || undefined}
        data-testid="inline-value"
        data-value={shown}
        fz={size}
        style={{ opacity: busy ? 0.6 : 1, borderBottom: '1px dashed var(--mantine-color-gray-5)', overflowWrap: 'anywhere', textAlign: 'start' }}
      >
        {readable}
      </UnstyledButton>
      {errorText}
    </div>
  );
}

/** A money editor's draft, "1200.50 USD", as its amount and currency (either may be empty while typing). */
function moneyDraft(draft: string): { amount: string; currency: string } {
  const at = draft.lastIndexOf(' ');
  const tail = at < 0 ? '' : draft.slice(at + 1);
  return /^[A-Z]{3}$/.test(tail) ? { amount: draft.slice(0, at), currency: tail } : { amount: draft, currency: '' };
}
