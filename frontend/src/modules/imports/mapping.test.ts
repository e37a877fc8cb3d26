import { describe, expect, it } from 'vitest';

import { applySaved, assign, mappingFrom, mappingInput, mappingProblems, percent, type ImportFieldInfo } from './mapping';

const FIELDS: ImportFieldInfo[] = [
  { name: 'first_name', label: 'First name', labelZh: '名', required: true, isKey: false },
  { name: 'last_name', label: 'Last name', labelZh: '姓', required: false, isKey: false },
  { name: 'emails', label: 'Emails', labelZh: '邮箱', required: false, isKey: true },
];
const HEADERS = ['Given', 'Family', 'Mail'];

describe('import mapping', () => {
  it('reads the API mapping, dropping columns the file lacks and empty fields', () => {
    expect(
      mappingFrom(
        [
          { column: 'Given', field: 'first_name' },
          { column: 'Gone', field: 'last_name' },
          { column: 'Mail', field: '' },
        ],
        HEADERS,
      ),
    ).toEqual({ Given: 'first_name' });
  });

  it('moves a field to the column it is chosen for; a column can be left out', () => {
    const one = assign({ Given: 'first_name' }, 'Family', 'first_name');
    expect(one).toEqual({ Family: 'first_name' });
    const two = assign(one, 'Mail', 'emails');
    expect(two).toEqual({ Family: 'first_name', Mail: 'emails' });
    expect(assign(two, 'Mail', '')).toEqual({ Family: 'first_name' });
  });

  it('applies a saved mapping over the suggestion, each field once', () => {
    const suggested = { Given: 'first_name', Mail: 'emails' };
    const saved = { Family: 'first_name', Other: 'last_name' };
    expect(applySaved(saved, suggested, HEADERS)).toEqual({ Family: 'first_name', Mail: 'emails' });
  });

  it('says what is missing with the rules of startImport', () => {
    expect(mappingProblems({}, FIELDS, 'SKIP').map((p) => p.code)).toEqual(['nothing', 'required', 'key']);
    expect(mappingProblems({ Given: 'first_name' }, FIELDS, 'SKIP')).toEqual([{ code: 'key', field: 'Emails' }]);
    // Creating anyway needs no key; updating needs no required field (the record has it).
    expect(mappingProblems({ Given: 'first_name' }, FIELDS, 'CREATE')).toEqual([]);
    expect(mappingProblems({ Mail: 'emails' }, FIELDS, 'UPDATE')).toEqual([]);
    expect(mappingProblems({ Mail: 'emails' }, FIELDS, 'SKIP', 'zh-CN')).toEqual([{ code: 'required', field: '名' }]);
  });

  it('sends the mapping in the column order of the file', () => {
    expect(mappingInput({ Mail: 'emails', Given: 'first_name' }, HEADERS)).toEqual([
      { column: 'Given', field: 'first_name' },
      { column: 'Mail', field: 'emails' },
    ]);
  });

  it('shows progress in whole percent', () => {
    expect(percent(0, 0)).toBe(0);
    expect(percent(333, 1000)).toBe(33);
    expect(percent(1200, 1000)).toBe(100);
  });
});
