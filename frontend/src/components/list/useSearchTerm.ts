import { useEffect, useState } from 'react';

/**
 * A list's search box: `value` is what is typed, `term` what the list searches for. The term
 * follows the typing after `delay` ms of quiet (debounced), and at once on `commit()` (Enter).
 */
export function useSearchTerm(delay = 300) {
  const [value, setValue] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const next = value.trim();
    if (next === term) return;
    const timer = setTimeout(() => setTerm(next), delay);
    return () => clearTimeout(timer);
  }, [value, term, delay]);
  return { value, setValue, term, commit: () => setTerm(value.trim()) };
}
