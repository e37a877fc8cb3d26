/** The command menu's entries, built from what the modules declare, and its filter (pure, unit-tested). */

export type CommandGroup = 'pages' | 'actions' | 'records';

export interface CommandItem {
  id: string;
  group: CommandGroup;
  /** Already translated. */
  label: string;
  description?: string;
  keywords?: string[];
  run: () => void;
}

/** Pages and actions whose label or keywords contain every word typed; records are the search's own answer. */
export function filterCommands(items: CommandItem[], query: string): CommandItem[] {
  const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return items.filter((item) => item.group !== 'records');
  return items.filter((item) => {
    if (item.group === 'records') return true;
    const text = [item.label, item.description ?? '', ...(item.keywords ?? [])].join(' ').toLocaleLowerCase();
    return words.every((word) => text.includes(word));
  });
}

const ORDER: CommandGroup[] = ['actions', 'pages', 'records'];

/** Items grouped in the order the menu shows them (actions, pages, records), empty groups left out. */
export function groupCommands(items: CommandItem[]): { group: CommandGroup; items: CommandItem[] }[] {
  return ORDER.map((group) => ({ group, items: items.filter((item) => item.group === group) })).filter((g) => g.items.length);
}
