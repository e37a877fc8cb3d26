import { afterEach, describe, expect, it } from 'vitest';

import { dialogOpen, isCommandMenuKey, isHelpKey, isTypingTarget, moveIndex, rowKeyAction } from './keys';

const key = (k: string, target: EventTarget | null = document.body, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  ...mods,
});

function element(html: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.appendChild(host);
  return host.querySelector('[data-target]') as HTMLElement;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('typing targets', () => {
  it('counts fields, editors, comboboxes and open menus as typing; rows, links and the page not', () => {
    expect(isTypingTarget(element('<input data-target />'))).toBe(true);
    expect(isTypingTarget(element('<textarea data-target></textarea>'))).toBe(true);
    expect(isTypingTarget(element('<select data-target></select>'))).toBe(true);
    expect(isTypingTarget(element('<div contenteditable="true"><span data-target>x</span></div>'))).toBe(true);
    expect(isTypingTarget(element('<div role="listbox"><div role="option" data-target>x</div></div>'))).toBe(true);
    expect(isTypingTarget(element('<table><tbody><tr tabindex="-1" data-target><td>x</td></tr></tbody></table>'))).toBe(false);
    expect(isTypingTarget(element('<a href="/x" data-target>x</a>'))).toBe(false);
    expect(isTypingTarget(document.body)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('list row keys', () => {
  it('j and k move from anywhere; ArrowDown and ArrowUp once focus is in the list (else they scroll the page)', () => {
    expect(rowKeyAction(key('j'), false, false)).toBe('next');
    expect(rowKeyAction(key('k'), true, false)).toBe('previous');
    expect(rowKeyAction(key('ArrowDown'), false, true)).toBe('next');
    expect(rowKeyAction(key('ArrowUp'), true, true)).toBe('previous');
    expect(rowKeyAction(key('ArrowDown'), false, false)).toBeNull();
    expect(rowKeyAction(key('ArrowUp'), true, false)).toBeNull();
    expect(rowKeyAction(key('x'), true, true)).toBeNull();
  });

  it('Enter opens the focused row, but only with focus in the list and not on a control', () => {
    expect(rowKeyAction(key('Enter'), true, true)).toBe('open');
    expect(rowKeyAction(key('Enter'), false, true)).toBeNull();
    expect(rowKeyAction(key('Enter'), true, false)).toBeNull();
    expect(rowKeyAction(key('Enter', element('<a href="/x" data-target>x</a>')), true, true)).toBeNull();
    expect(rowKeyAction(key('Enter', element('<button data-target>x</button>')), true, true)).toBeNull();
  });

  it('does nothing while typing or with Ctrl, Cmd or Alt held', () => {
    const input = element('<input data-target />');
    expect(rowKeyAction(key('j', input), true, true)).toBeNull();
    expect(rowKeyAction(key('ArrowDown', input), true, true)).toBeNull();
    expect(rowKeyAction(key('Enter', input), true, true)).toBeNull();
    expect(rowKeyAction(key('j', document.body, { ctrlKey: true }), true, true)).toBeNull();
    expect(rowKeyAction(key('k', document.body, { metaKey: true }), true, true)).toBeNull();
    expect(rowKeyAction(key('ArrowDown', document.body, { altKey: true }), true, true)).toBeNull();
  });

  it('moves within the list and stops at its ends', () => {
    expect(moveIndex(null, 'next', 3)).toBe(0);
    expect(moveIndex(null, 'previous', 3)).toBe(2);
    expect(moveIndex(0, 'next', 3)).toBe(1);
    expect(moveIndex(2, 'next', 3)).toBe(2);
    expect(moveIndex(0, 'previous', 3)).toBe(0);
    expect(moveIndex(7, 'next', 3)).toBe(0);
    expect(moveIndex(null, 'next', 0)).toBeNull();
  });
});

describe('global keys', () => {
  it('Ctrl+K and Cmd+K open the command menu, even from a field; plain K does not', () => {
    const input = element('<input data-target />');
    expect(isCommandMenuKey(key('k', document.body, { ctrlKey: true }))).toBe(true);
    expect(isCommandMenuKey(key('K', input, { metaKey: true }))).toBe(true);
    expect(isCommandMenuKey(key('k'))).toBe(false);
    expect(isCommandMenuKey(key('k', document.body, { ctrlKey: true, altKey: true }))).toBe(false);
  });

  it('? shows the shortcuts, but not when typed into a field', () => {
    expect(isHelpKey(key('?', document.body, { shiftKey: true }))).toBe(true);
    expect(isHelpKey(key('?', element('<input data-target />'), { shiftKey: true }))).toBe(false);
    expect(isHelpKey(key('/'))).toBe(false);
  });

  it('knows when a modal dialog has the keys', () => {
    expect(dialogOpen()).toBe(false);
    element('<section role="dialog" aria-modal="true" data-target></section>');
    expect(dialogOpen()).toBe(true);
  });
});
