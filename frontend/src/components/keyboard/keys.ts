/**
 * Pure key handling shared by the command menu, the shortcuts overlay and list row navigation,
 * so the rules (not while typing, not with modifiers, not under a dialog) live in one place.
 */

/** True when the key goes to something the member is typing in or operating (inputs, editors, menus). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  return Boolean(
    element.closest(
      'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="listbox"], [role="menu"], [role="searchbox"]',
    ),
  );
}

/** A modal dialog (ours or Mantine's) is open: its keys are its own. */
export function dialogOpen(doc: Document = document): boolean {
  return Boolean(doc.querySelector('[role="dialog"][aria-modal="true"], [role="alertdialog"]'));
}

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  target: EventTarget | null;
  defaultPrevented?: boolean;
}

/** A plain single-key shortcut (j, k, ?, arrows, Enter) may act on this event. */
export function plainShortcut(event: KeyLike): boolean {
  return !event.defaultPrevented && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target);
}

export type RowKeyAction = 'next' | 'previous' | 'open' | null;

/**
 * What a key does in a list: j/ArrowDown next row, k/ArrowUp previous, Enter opens the focused one.
 * j and k work from anywhere on the page; the arrows and Enter only once focus is in the list, so
 * they still scroll the page and press buttons elsewhere.
 */
export function rowKeyAction(event: KeyLike, hasFocusedRow: boolean, focusInList: boolean): RowKeyAction {
  if (!plainShortcut(event)) return null;
  switch (event.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'ArrowDown':
      return focusInList ? 'next' : null;
    case 'ArrowUp':
      return focusInList ? 'previous' : null;
    case 'Enter':
      // Enter on a link, button or checkbox does what that control does.
      if (!hasFocusedRow || !focusInList || isControl(event.target)) return null;
      return 'open';
    default:
      return null;
  }
}

function isControl(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  return Boolean((target as Element).closest('a, button, [role="button"], [role="checkbox"], [role="switch"], summary'));
}

/** The row after a move, clamped to the list; from nowhere, "next" starts at the first row and "previous" at the last. */
export function moveIndex(current: number | null, action: 'next' | 'previous', length: number): number | null {
  if (length === 0) return null;
  if (current === null || current >= length) return action === 'next' ? 0 : length - 1;
  return action === 'next' ? Math.min(current + 1, length - 1) : Math.max(current - 1, 0);
}

/** `?` opens the shortcuts overlay (Shift+/ on most layouts; the key reports "?"). */
export function isHelpKey(event: KeyLike): boolean {
  return event.key === '?' && plainShortcut(event);
}

/** Ctrl+K, or Cmd+K on a Mac: the command menu, even from inside a text field. */
export function isCommandMenuKey(event: KeyLike): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
}
