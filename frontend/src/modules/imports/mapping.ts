/**
 * The column mapping of the import wizard: which column of the file goes to which field.
 *
 * The server suggests one from the headers (`DataImport.mapping`) and checks the final one again in
 * `startImport`; these functions keep the wizard honest before that (each field once, the required
 * fields and the dedupe key mapped) so a member sees what is missing next to the table, not after a
 * round trip.
 */

/** A field a column can go to (`ImportableType.fields`). */
export interface ImportFieldInfo {
  name: string;
  label: string;
  labelZh: string;
  required: boolean;
  isKey: boolean;
}

/** Column header → field name; a column absent (or mapped to '') is left out. */
export type Mapping = Record<string, string>;

export type Dedupe = 'SKIP' | 'UPDATE' | 'CREATE';

export interface MappingProblem {
  /** i18n key under `imports:problem.*`. */
  code: 'nothing' | 'required' | 'key';
  /** The field's label (in the member's language) for `required` and `key`. */
  field?: string;
}

/** `[{column, field}]` (the API's shape) as a mapping; empty fields and unknown columns dropped. */
export function mappingFrom(entries: readonly { column: string; field: string }[], headers: readonly string[]): Mapping {
  const mapping: Mapping = {};
  for (const { column, field } of entries) {
    if (field && headers.includes(column)) mapping[column] = field;
  }
  return mapping;
}

/**
 * Map `column` to `field` ('' leaves it out). A field goes to one column: the column that had it
 * before loses it, as in a spreadsheet's "move" rather than a second copy the server would refuse.
 */
export function assign(mapping: Mapping, column: string, field: string): Mapping {
  const next: Mapping = {};
  for (const [c, f] of Object.entries(mapping)) {
    if (c !== column && f !== field) next[c] = f;
  }
  if (field) next[column] = field;
  return next;
}

/**
 * A saved mapping applied to this file's headers: its columns that this file has keep their field;
 * headers the saved mapping does not know keep what the suggestion gave them, unless that field is
 * taken by the saved mapping.
 */
export function applySaved(saved: Mapping, suggested: Mapping, headers: readonly string[]): Mapping {
  let mapping: Mapping = {};
  for (const header of headers) {
    if (saved[header]) mapping = assign(mapping, header, saved[header]);
  }
  const taken = new Set(Object.values(mapping));
  for (const header of headers) {
    const field = suggested[header];
    if (field && !(header in mapping) && !taken.has(field)) {
      mapping[header] = field;
      taken.add(field);
    }
  }
  return mapping;
}

/** What stops the mapping from being started, with the same rules as the server's `startImport`. */
export function mappingProblems(mapping: Mapping, fields: readonly ImportFieldInfo[], dedupe: Dedupe, lang = 'en'): MappingProblem[] {
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const label = (f: ImportFieldInfo) => (lang.startsWith('zh') ? f.labelZh : f.label);
  const problems: MappingProblem[] = [];
  if (!mapped.size) problems.push({ code: 'nothing' });
  if (dedupe !== 'UPDATE') {
    for (const f of fields) if (f.required && !mapped.has(f.name)) problems.push({ code: 'required', field: label(f) });
  }
  if (dedupe !== 'CREATE') {
    const key = fields.find((f) => f.isKey);
    if (key && !mapped.has(key.name)) problems.push({ code: 'key', field: label(key) });
  }
  return problems;
}

/** The mapping as `ColumnMappingInput`s, in the file's column order. */
export function mappingInput(mapping: Mapping, headers: readonly string[]): { column: string; field: string }[] {
  return headers.filter((h) => mapping[h]).map((column) => ({ column, field: mapping[column] }));
}

/** Whole percent of `done` out of `total` (0 when nothing is known yet, never over 100). */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done * 100) / total));
}
