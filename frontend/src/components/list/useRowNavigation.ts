import { useCallback, useEffect, useRef, useState, type FocusEvent } from 'react';

import { dialogOpen, moveIndex, rowKeyAction } from '../keyboard/keys';

/** Marks a table whose rows j/k move through; with several on a page, the first one (or the one holding focus) answers. */
export const ROW_NAV_ATTRIBUTE = 'data-row-nav';

/**
 * Keyboard through a list: j and k move a focus ring over the rows (and real focus onto the row,
 * so screen readers read it); once focus is in the list, ArrowDown / ArrowUp do too and Enter opens
 * the focused row. Keys typed in a field, with Ctrl/Cmd/Alt, or under a dialog are left alone.
 *
 *   const nav = useRowNavigation(rows.length, (i) => navigate(pathOf(rows[i])));
 *   <Table {...nav.tableProps}> … <Table.Tr {...nav.rowProps(i)}>
 */
export function useRowNavigation(count: number, onOpen: (index: number) => void) {
  const [focused, setFocused] = useState<number | null>(null);
  const table = useRef<HTMLTableElement | null>(null);
  const state = useRef({ focused, count, onOpen });
  state.current = { focused, count, onOpen };

  // Rows went away (new search, filter): keep the ring inside the list.
  useEffect(() => {
    if (focused !== null && focused >= count) setFocused(count ? count - 1 : null);
  }, [count, focused]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const node = table.current;
      if (!node || dialogOpen()) return;
      const active = document.activeElement;
      const focusInside = active instanceof Node && node.contains(active);
      // Another list on the page holds focus, or comes first: it answers.
      const other = active instanceof Element ? active.closest(`[${ROW_NAV_ATTRIBUTE}]`) : null;
      if (!focusInside && (other ? other !== node : document.querySelector(`[${ROW_NAV_ATTRIBUTE}]`) !== node)) return;
      const { focused: current, count: length, onOpen: open } = state.current;
      const action = rowKeyAction(event, current !== null, focusInside);
      if (!action) return;
      if (action === 'open') {
        if (current === null) return;
        event.preventDefault();
        open(current);
        return;
      }
      const next = moveIndex(current, action, length);
      if (next === null) return;
      event.preventDefault();
      setFocused(next);
      const row = node.querySelectorAll<HTMLElement>('tbody tr')[next];
      row?.focus({ preventScroll: true });
      row?.scrollIntoView?.({ block: 'nearest' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const rowProps = useCallback(
    (index: number) => ({
      tabIndex: -1,
      'data-focused': focused === index ? 'true' : undefined,
      onFocus: (event: FocusEvent<HTMLElement>) => {
        // Clicking or tabbing into a row moves the ring there too.
        if (event.target === event.currentTarget || event.currentTarget.contains(event.target)) setFocused(index);
      },
    }),
    [focused],
  );

  return { focused, setFocused, tableProps: { ref: table, [ROW_NAV_ATTRIBUTE]: '' }, rowProps };
}
