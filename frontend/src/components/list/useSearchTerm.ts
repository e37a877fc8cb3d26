import { useEffect } from 'react';

import { useEntryState } from './entryState';

/**
 * A list's search box: `value` is what is typed, `term` what the list searches for. The term
 * follows the typing after `delay` ms of quiet (debounced), and at once on `commit()` (Enter). Back brings
 * it back (`useEntryState`; `name` tells two search boxes of one page apart).
 */
export function useSearchTerm(delay = 300, name = 'search') {
  const [value, setValue] = useEntryState(`${name}.value`, '');
  const [term, setTerm] = useEntryState(`${name}.term`, '');
  useEffect(() => {
    const next = value.trim();
    if (next === term) return;
    const timer = setTimeout(() => setTerm(next), delay);
    return () => clearTimeout(timer);
  }, [value, term, delay]);
  return { value, setValue, term, commit: () => setTerm(value.trim()) };
}
