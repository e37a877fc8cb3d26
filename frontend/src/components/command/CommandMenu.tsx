import { Loader, Text } from '@mantine/core';
import { createSpotlight, Spotlight, useSpotlight } from '@mantine/spotlight';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useClient } from 'urql';

import type { CommandAction, NavItem, SearchProvider, SearchResult, SettingsSection } from '../../modules/types';
import { IconSearch } from '../icons';
import { filterCommands, groupCommands, type CommandItem } from './commands';

/** The command menu's own spotlight store, so nothing else opening a spotlight opens it. */
export const [commandMenuStore, commandMenu] = createSpotlight();

const SEARCH_DELAY_MS = 250;

/** Records matching the query from every module's search provider (the global search's), debounced. */
function useRecordSearch(query: string, providers: SearchProvider[]) {
  const client = useClient();
  const [state, setState] = useState<{ term: string; results: SearchResult[] }>({ term: '', results: [] });
  const term = query.trim();
  useEffect(() => {
    if (!term || providers.length === 0) {
      setState({ term: '', results: [] });
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      Promise.allSettled(providers.map((p) => p.search(term, client))).then((settled) => {
        if (!cancelled) setState({ term, results: settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : [])) });
      });
    }, SEARCH_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [term, providers, client]);
  return { results: state.term === term ? state.results : [], searching: Boolean(term) && providers.length > 0 && state.term !== term };
}

/**
 * Ctrl/Cmd+K: jump to any page (the navigation and settings tabs the member's role sees), any
 * record (the global search's providers), or run an action a module declares. Mantine's Spotlight
 * draws it; the search field is a combobox over a listbox, so screen readers follow the selection.
 */
export function CommandMenu({
  role,
  pages,
  settings,
  commands,
  search,
}: {
  role: string;
  pages: NavItem[];
  settings: SettingsSection[];
  commands: CommandAction[];
  search: SearchProvider[];
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const { opened, selected } = useSpotlight(commandMenuStore);
  const records = useRecordSearch(opened ? query : '', search);
  const visible = <T extends { visible?: (role: string) => boolean }>(items: T[]) => items.filter((i) => !i.visible || i.visible(role));

  const items = useMemo<CommandItem[]>(
    () => [
      ...visible(commands).map((c) => ({
        id: `action:${c.id}`,
        group: 'actions' as const,
        label: t(c.label),
        keywords: c.keywords,
        run: () => c.run({ navigate }),
      })),
      ...visible(pages).map((p) => ({ id: `page:${p.to}`, group: 'pages' as const, label: t(p.label), keywords: [p.to], run: () => navigate(p.to) })),
      ...visible(settings).map((s) => ({
        id: `page:/settings/${s.id}`,
        group: 'pages' as const,
        label: `${t('nav.settings')} › ${t(s.label)}`,
        run: () => navigate(`/settings/${s.id}`),
      })),
      ...records.results.map((r) => ({
        id: `record:${r.kind}:${r.id}`,
        group: 'records' as const,
        label: r.title,
        description: [t(r.kind), r.subtitle].filter(Boolean).join(' · '),
        run: () => navigate(r.to),
      })),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [commands, pages, settings, records.results, role, t, navigate],
  );
  const groups = groupCommands(filterCommands(items, query));
  const flat = groups.flatMap((g) => g.items);
  const optionId = (index: number) => `command-option-${index}`;
  const listId = 'command-menu-list';

  // Enter before anything is highlighted (e.g. records arrived after typing) runs the first entry.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && (selected < 0 || selected >= flat.length) && flat.length) {
      event.preventDefault();
      flat[0].run();
      commandMenu.close();
    }
  };

  let index = -1;
  return (
    <Spotlight.Root
      store={commandMenuStore}
      query={query}
      onQueryChange={setQuery}
      // Our own listener opens it (see KeyboardShortcuts), so Ctrl+K also works from inside a field.
      shortcut={null}
      // Not Spotlight's inner scroll area: its options are not tab stops, so axe finds a scrollable
      // region no keyboard can reach. The dialog itself scrolls (and holds the focused search field).
      scrollable={false}
    >
      <Spotlight.Search
        placeholder={t('command.placeholder')}
        aria-label={t('command.label')}
        leftSection={<IconSearch size={18} />}
        rightSection={records.searching ? <Loader size="xs" aria-hidden="true" /> : undefined}
        role="combobox"
        aria-expanded={flat.length > 0}
        aria-controls={flat.length ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={selected >= 0 && selected < flat.length ? optionId(selected) : undefined}
        onKeyDown={onKeyDown}
        data-testid="command-search"
      />
      {flat.length > 0 && (
        <Spotlight.ActionsList id={listId} role="listbox" aria-label={t('command.results')}>
          {groups.map((g) => (
            <Spotlight.ActionsGroup key={g.group} label={t(`command.group.${g.group}`)} role="group" aria-label={t(`command.group.${g.group}`)}>
              {g.items.map((item) => {
                index += 1;
                const id = optionId(index);
                return (
                  <Spotlight.Action
                    key={item.id}
                    // Spotlight.Action keeps `id` for itself; the combobox's aria-activedescendant needs it on the element.
                    ref={(node: HTMLButtonElement | null) => {
                      if (node) node.id = id;
                    }}
                    role="option"
                    aria-selected={index === selected}
                    label={item.label}
                    description={item.description}
                    onClick={item.run}
                  />
                );
              })}
            </Spotlight.ActionsGroup>
          ))}
        </Spotlight.ActionsList>
      )}
      <Text size="sm" c="dimmed" px="md" py="xs" aria-live="polite">
        {records.searching ? t('command.searching') : flat.length === 0 ? t('command.nothingFound') : ''}
      </Text>
    </Spotlight.Root>
  );
}
