/** The keyboard shortcuts the help overlay (`?`) lists: keys as shown, and i18n keys of what they do. */
export interface Shortcut {
  keys: string[][];
  description: string;
}

export interface ShortcutSection {
  title: string;
  shortcuts: Shortcut[];
}

export function shortcutSections(mac: boolean): ShortcutSection[] {
  return [
    {
      title: 'shortcuts.global',
      shortcuts: [
        { keys: [[mac ? '⌘' : 'Ctrl', 'K']], description: 'shortcuts.commandMenu' },
        { keys: [['?']], description: 'shortcuts.help' },
      ],
    },
    {
      title: 'shortcuts.lists',
      shortcuts: [
        { keys: [['j'], ['↓']], description: 'shortcuts.nextRow' },
        { keys: [['k'], ['↑']], description: 'shortcuts.previousRow' },
        { keys: [['Enter']], description: 'shortcuts.openRow' },
      ],
    },
    {
      title: 'shortcuts.menu',
      shortcuts: [
        { keys: [['↑'], ['↓']], description: 'shortcuts.menuMove' },
        { keys: [['Enter']], description: 'shortcuts.menuRun' },
        { keys: [['Esc']], description: 'shortcuts.menuClose' },
      ],
    },
  ];
}

export const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
