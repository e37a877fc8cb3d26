import { MultiSelect, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { apiValue, CUSTOM_PREFIX, editorText, useCustomFieldDefinitions, type CustomFieldDef } from './customFields';

/** Why a custom field's text cannot be sent as it is (checked before the server checks it again). */
export type CustomFieldProblem = 'required' | 'number' | 'min' | 'max' | 'tooShort' | 'tooLong' | 'pattern' | 'email' | 'url';

const NUMERIC = new Set(['NUMBER', 'DECIMAL', 'MONEY']);
const TEXTUAL = new Set(['TEXT', 'LONG_TEXT', 'EMAIL', 'PHONE', 'URL']);

/**
 * The first rule of the definition that `text` breaks, or null. The server holds the same rules
 * (saas/customization/values.py) and says the last word; this only spares a round trip.
 */
export function customFieldProblem(def: CustomFieldDef, text: string): CustomFieldProblem | null {
  const value = text.trim();
  if (!value) return def.required && def.default == null ? 'required' : null;
  const low = def.minValue != null ? Number(def.minValue) : null;
  const high = def.maxValue != null ? Number(def.maxValue) : null;
  if (NUMERIC.has(def.type)) {
    const amount = Number(def.type === 'MONEY' ? value.split(/\s+/)[0] : value);
    if (!Number.isFinite(amount) || (def.type === 'NUMBER' && !Number.isInteger(amount))) return 'number';
    if (low !== null && amount < low) return 'min';
    if (high !== null && amount > high) return 'max';
  }
  if (TEXTUAL.has(def.type)) {
    if (low !== null && value.length < low) return 'tooShort';
    if (high !== null && value.length > high) return 'tooLong';
    if (def.type === 'EMAIL' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'email';
    if (def.type === 'URL' && !/^https?:\/\/\S+$/i.test(value)) return 'url';
    if (def.regex && !matchesWhole(def.regex, value)) return 'pattern';
  }
  return null;
}

function matchesWhole(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return true; // a Python-only pattern: the server judges it
  }
}

/** The custom fields of a create form: their texts, what the create input takes, and the form's own checks. */
export interface CustomFieldForm {
  defs: CustomFieldDef[];
  texts: Record<string, string>;
  setText: (key: string, text: string) => void;
  /** `customFields` for the create input: the fields given (left-out ones take their defaults on the server). */
  input: () => { key: string; value: unknown }[];
  /** Errors keyed `customFields.<key>` (as the server names them), empty when the form may be sent. */
  check: () => Record<string, string>;
  /** Check, show what is wrong through `setErrors` (clearing old errors), and say whether to send the form. */
  ready: (setErrors: (errors: Record<string, string>) => void) => boolean;
  reset: () => void;
}

/** The server's errors about custom fields (`customFields.<key>`), as `CustomFieldInputs` shows them. */
export function customFieldErrors(errors: readonly { field?: string | null; message: string }[] | null | undefined): Record<string, string> {
  return Object.fromEntries((errors ?? []).filter((e) => e.field?.startsWith(CUSTOM_PREFIX)).map((e) => [e.field as string, e.message]));
}

/** A create form's custom fields of `recordType`, from the workspace's definitions. */
export function useCustomFieldForm(recordType: string): CustomFieldForm {
  const { t } = useTranslation();
  const defs = useCustomFieldDefinitions(recordType);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const setText = useCallback((key: string, text: string) => setTexts((given) => ({ ...given, [key]: text })), []);
  const textOf = useCallback((def: CustomFieldDef) => texts[def.key] ?? editorText(def.type, def.default), [texts]);
  return useMemo(() => {
    const check = () => {
      const errors: Record<string, string> = {};
      for (const def of defs) {
        const problem = customFieldProblem(def, textOf(def));
        if (problem) errors[`${CUSTOM_PREFIX}${def.key}`] = t(`customFieldForm.${problem}`, { label: def.label, min: def.minValue, max: def.maxValue });
      }
      return errors;
    };
    return {
      defs,
      texts: Object.fromEntries(defs.map((d) => [d.key, textOf(d)])),
      setText,
      input: () => defs.filter((d) => textOf(d).trim()).map((d) => ({ key: d.key, value: apiValue(d.type, textOf(d)) })),
      check,
      ready: (setErrors) => {
        const unfit = check();
        setErrors(unfit);
        return !Object.keys(unfit).length;
      },
      reset: () => setTexts({}),
    };
  }, [defs, setText, textOf, t]);
}

/**
 * The inputs of a create form's custom fields, one per definition in layout order, each showing its
 * error (the form's own check or the server's) under it.
 */
export function CustomFieldInputs({ form, errors }: { form: CustomFieldForm; errors: Record<string, string> }) {
  const { t } = useTranslation();
  // A field's message goes once it is edited, until the form is checked again.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setEdited(new Set()), [errors]);
  if (!form.defs.length) return null;
  return (
    <Stack gap="sm" data-testid="custom-field-inputs">
      {form.defs.map((def) => {
        const common = {
          label: def.label,
          description: def.description || undefined,
          required: def.required,
          error: edited.has(def.key) ? undefined : errors[`${CUSTOM_PREFIX}${def.key}`],
        };
        const text = form.texts[def.key] ?? '';
        const set = (next: string) => {
          form.setText(def.key, next);
          setEdited((keys) => new Set(keys).add(def.key));
        };
        switch (def.type) {
          case 'LONG_TEXT':
            return <Textarea key={def.key} {...common} value={text} onChange={(e) => set(e.currentTarget.value)} autosize minRows={2} />;
          case 'PICKLIST':
          case 'BOOLEAN': {
            const options = def.type === 'BOOLEAN' ? [{ value: 'true', label: t('history.yes') }, { value: 'false', label: t('history.no') }] : def.choices.map((c) => ({ value: c, label: c }));
            return <NativeSelect key={def.key} {...common} data={[{ value: '', label: '—' }, ...options]} value={text} onChange={(e) => set(e.currentTarget.value)} />;
          }
          case 'MULTI_PICKLIST':
            return (
              <MultiSelect
                key={def.key}
                {...common}
                data={def.choices}
                value={text ? text.split(',').map((s) => s.trim()).filter(Boolean) : []}
                onChange={(picked) => set(picked.join(', '))}
              />
            );
          default:
            return (
              <TextInput
                key={def.key}
                {...common}
                type={INPUT_TYPES[def.type] ?? 'text'}
                inputMode={NUMERIC.has(def.type) ? 'decimal' : undefined}
                placeholder={def.type === 'MONEY' ? t('customFieldForm.moneyHint') : undefined}
                value={text}
                onChange={(e) => set(e.currentTarget.value)}
              />
            );
        }
      })}
    </Stack>
  );
}

const INPUT_TYPES: Record<string, string> = { DATE: 'date', DATETIME: 'datetime-local', EMAIL: 'email', URL: 'url', PHONE: 'tel' };
