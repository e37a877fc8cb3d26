import { ActionIcon, Button, SegmentedControl, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { parse } from 'graphql';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useClient, useMutation, type AnyVariables, type TypedDocumentNode } from 'urql';

import { useLiveRecords } from '../../live/live';
import { outcome, toast } from '../../modules/access/common';
import { ConfirmAction, notifyWithUndo } from '../ConfirmAction';
import { IconTrash } from '../icons';
import { BulkActions, deleteSelection, SelectPage, SelectRow, useBulkSelection } from './BulkSelection';
import { useEntryState } from './entryState';
import { ListHeader } from './ListHeader';
import type { SortKey } from './sorting';
import { orderByWithCustom, useCustomColumns } from './useCustomColumns';
import { allMatchingIds, useCursorList, type Connection } from './useCursorList';

type Doc = TypedDocumentNode<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/**
 * A mutation of the record type: its document, with the payload's name in the answer (`updateContract`) and
 * the payload's record (`contract`) where they are not `<verb><Type>` and the type's name.
 */
export type Named = Doc | [Doc, string] | [Doc, string, string];
type Payload = { errors: { field?: string | null; message: string; code?: string }[] } & Record<string, unknown>;

export type ListView = 'current' | 'bin';

export interface RecordListOptions<D, T> {
  /** The API's type name (`ReturnRequest`): custom columns and live updates. */
  recordType: string;
  /** Other types whose changes change the list (a campaign's figures follow its leads). */
  alsoLive?: string[];
  /** The list's name for what the history entry keeps (`returns`: its view, custom filters). */
  name: string;
  /** The module's translation namespace; its `outcome` messages are in it. */
  ns: string;
  query: TypedDocumentNode<D, AnyVariables>;
  pick: (data: D) => Connection<T> | null | undefined;
  /** A lighter query of the same list's ids only, for "select all N matching" (default: `query`). */
  idsQuery?: Doc;
  /** The module's filter, the header sort and the search term: custom columns are added here. */
  filter: Record<string, unknown>;
  sort: readonly SortKey[];
  search: string | null;
  update?: Named;
  /** One record to the bin and back: `DeleteXDocument`, `RestoreXDocument` (or `[restoreX, 'restoreX', 'x']`). */
  remove?: Named;
  restore?: Named;
  /**
   * A selection to the bin and back, through the API's pair for the type (the server's `bulk_recycle_fields`):
   * `delete<Plural>` / `restore<Plural>(input: {<type>Ids})`; `plural` defaults to the type name + "s".
   */
  bulk?: { plural?: string };
  /**
   * Where the module keeps the list's bulk texts (default `bulk`): `<keys>.delete`, `.selectAll`,
   * `.selectRow` ({{name}}), `.selected`, `.deleteTitle`, `.deleteMessage`, `.deleteConfirm` and `.deleted`
   * (each with `_one` / `_other` forms by {{count}}).
   */
  keys?: string;
  /** Leave the list unloaded (the recycle bin is shown instead). */
  pause?: boolean;
}

/**
 * What every list page of a record type does besides its own columns and filters: the cursor list with
 * the workspace's custom fields as columns (filters, sorting), live updates, a field saved in place
 * (`save` answers the message to show, or null), one row deleted with undo (`remove`), a selection
 * deleted with undo (`selection`, `bulkDelete`; refusals in `errors`), with the parts a page places:
 * `selectPage`, `selectRow`, `deleteButton`, `bulkActions` and `dialogs`. `ListWithBin` shows the list
 * or its recycle bin.
 */
export function useRecordList<D, T extends { id: string; customFields?: unknown }>(options: RecordListOptions<D, T>) {
  const { t } = useTranslation(options.ns);
  const keys = options.keys ?? 'bulk';
  const text = (key: string, values?: Record<string, unknown>) => t(`${keys}.${key}`, values);
  const deleted = (count: number) => text('deleted', { count });
  const [deleting, setDeleting] = useState<T | null>(null);
  const [bulkDeleting, setBulkDeleting] = useState(false);
  const client = useClient();
  const custom = useCustomColumns(options.recordType, options.name);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const variables = {
    filter: { ...options.filter, ...custom.filter },
    orderBy: options.sort.length ? orderByWithCustom(options.sort) : null,
    search: options.search || null,
    withCustomFields: custom.wanted,
  };
  // Any mutation answering a record of the type refreshes the list, even while it shows none (a record created).
  const context = { additionalTypenames: [options.recordType] };
  const list = useCursorList<D, T>({ query: options.query, variables, pick: options.pick, pause: options.pause, context });
  useLiveRecords([options.recordType, ...(options.alsoLive ?? [])], list.reload);
  const updating = named(options.recordType, 'update', options.update);
  const removing = named(options.recordType, 'delete', options.remove);
  const restoring = named(options.recordType, 'restore', options.restore);
  const [, update] = useMutation(updating?.[0] ?? NONE);
  const [, removeOne] = useMutation(removing?.[0] ?? NONE);
  const [, restoreOne] = useMutation(restoring?.[0] ?? NONE);
  const pair = bulkPair(options.recordType, options.bulk?.plural);
  const [, removeMany] = useMutation(options.bulk ? pair.remove : NONE);
  const [, restoreMany] = useMutation(options.bulk ? pair.restore : NONE);
  const selection = useBulkSelection({
    rows: list.rows,
    totalCount: list.totalCount,
    listKey: JSON.stringify(variables),
    allIds: () => allMatchingIds(client, options.idsQuery ?? options.query, variables, options.pick as never),
  });
  const payload = (name: string) => (data: Record<string, Payload>) => data[name];

  const save = async (id: string, input: Record<string, unknown>): Promise<string | null> => {
    if (!updating) return null;
    const messages = Object.values(outcome(await update({ input: { id, ...input } }), payload(updating[1]), t));
    return messages.length ? messages.join(' ') : null;
  };

  /** Delete one record (asked first by the page), then "Deleted." with Undo; a refusal is shown. */
  const remove = async (id: string) => {
    if (!removing) return;
    const result = await removeOne({ input: { id } });
    list.reload();
    const refused = Object.values(outcome(result, payload(removing[1]), t));
    if (refused.length) {
      toast({ color: 'red', message: refused.join(' ') });
      return;
    }
    notifyWithUndo({ message: deleted(1), undo: () => restore(id) });
  };

  /** Bring one record back from the bin; answers how many came back (0 or 1). */
  const restore = async (id: string): Promise<number> => {
    if (!restoring) return 0;
    const [, name, record] = restoring;
    const back = await restoreOne({ input: { id } });
    list.reload();
    return (back.data as Record<string, Payload> | undefined)?.[name]?.[record] ? 1 : 0;
  };

  const bulkDelete = async () => {
    if (!options.bulk) return;
    const { field, deleteName, restoreName } = pair;
    await deleteSelection({
      selection,
      remove: async (ids) => outcome(await removeMany({ input: { [field]: ids } }), payload(deleteName), t),
      restore: async (ids) => {
        const result = (await restoreMany({ input: { [field]: ids } })).data?.[restoreName] as { restoredIds: string[]; errors: unknown[] } | undefined;
        return result && !result.errors.length ? result.restoredIds.length : 0;
      },
      message: deleted,
      // Refusals name the ids field (`orderIds`): shown above the list, where `FormError` reads `_form`.
      onErrors: (refused) => setErrors(Object.keys(refused).length ? { _form: Object.values(refused).join(' ') } : {}),
      reload: list.reload,
    });
  };

  /** The header's "select every row shown" checkbox. */
  const selectPage = <SelectPage selection={selection} label={text('selectAll')} />;
  /** A row's checkbox; `name` names the row for screen readers. */
  const selectRow = (row: T, name: string) => <SelectRow selection={selection} id={row.id} label={text('selectRow', { name })} />;
  /** A row's delete button (asks first); nothing for members who may not delete. */
  const deleteButton = (row: T, name: string, canDelete: boolean) =>
    canDelete && (
      <ActionIcon variant="subtle" color="red.8" aria-label={`${text('delete')}: ${name}`} onClick={() => setDeleting(row)}>
        <IconTrash size={16} />
      </ActionIcon>
    );
  /** Above the table while rows are selected: how many, Delete (asks with the count), select all matching. */
  const bulkActions = (canDelete: boolean) => (
    <BulkActions selection={selection} selectedLabel={text('selected', { count: selection.count })}>
      {canDelete && options.bulk && (
        <Button size="xs" color="red.8" variant="outline" onClick={() => setBulkDeleting(true)}>
          {text('delete')}
        </Button>
      )}
    </BulkActions>
  );
  /** The two confirmations: one row (`single` says what, in the module's words) and the selection. */
  const dialogs = (single?: (row: T) => { title: string; message: string; confirmLabel: string }) => (
    <>
      {deleting && single && <ConfirmAction {...single(deleting)} onConfirm={() => remove(deleting.id)} onClose={() => setDeleting(null)} />}
      {bulkDeleting && (
        <ConfirmAction
          title={text('deleteTitle', { count: selection.count })}
          message={text('deleteMessage', { count: selection.count })}
          confirmLabel={text('deleteConfirm', { count: selection.count })}
          appliesTo={selection.allMatching ? selection.count : undefined}
          onConfirm={bulkDelete}
          onClose={() => setBulkDeleting(false)}
        />
      )}
    </>
  );

  return {
    list,
    rows: list.rows,
    variables,
    custom,
    save,
    remove,
    restore,
    selection,
    bulkDelete,
    errors,
    selectPage,
    selectRow,
    deleteButton,
    bulkActions,
    dialogs,
  };
}

/** A mutation as `useRecordList` is given it, with its payload's name and record (`updateContract`, `contract`). */
export function named(recordType: string, verb: string, given: Named | undefined): [Doc, string, string] | undefined {
  if (!given) return undefined;
  const [document, name = `${verb}${recordType}`, record = `${recordType[0].toLowerCase()}${recordType.slice(1)}`] = Array.isArray(given) ? given : [given];
  return [document, name, record];
}

/**
 * The bulk delete / restore pair of a record type, as the server declares every one (`bulk_recycle_fields`):
 * `deleteReturnRequests(input: {returnRequestIds})` answering `deletedIds`, `restoreReturnRequests` answering
 * `restoredIds`.
 */
export function bulkPair(recordType: string, plural = `${recordType}s`): BulkPair {
  const known = PAIRS.get(plural);
  if (known) return known;
  const field = `${recordType[0].toLowerCase()}${recordType.slice(1)}Ids`;
  const deleteName = `delete${plural}`;
  const restoreName = `restore${plural}`;
  const document = (name: string, answer: string) =>
    parse(`mutation ${name[0].toUpperCase() + name.slice(1)}($input: ${recordType}IdsInput!) { ${name}(input: $input) { ${answer} errors { field message code } } }`) as Doc;
  const pair = { field, deleteName, restoreName, remove: document(deleteName, 'deletedIds'), restore: document(restoreName, 'restoredIds') };
  PAIRS.set(plural, pair);
  return pair;
}

interface BulkPair {
  field: string;
  deleteName: string;
  restoreName: string;
  remove: Doc;
  restore: Doc;
}

const PAIRS = new Map<string, BulkPair>();

// A document for the mutations a page does not have (urql's hook is called either way).
const NONE = { kind: 'Document', definitions: [] } as unknown as Doc;

/**
 * A list page with its recycle bin: "List | Recycle bin" (kept for the history entry) switches between
 * `current` (given the switch to place under its header, and `onNew`, which opens `?new=1`) and the bin,
 * titled `binTitle`. `create` is the "new record" dialog while the address asks for it (`?new=1`, with
 * the page's own parameters, e.g. `&company=`); closing it drops those parameters.
 */
export function ListWithBin({
  name,
  current,
  bin,
  binTitle,
  create,
}: {
  name: string;
  current: (view: ReactNode, onNew: () => void) => ReactNode;
  bin: ReactNode;
  binTitle: string;
  create: (params: URLSearchParams, close: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [view, setView] = useEntryState<ListView>(`${name}.view`, 'current');
  const [params, setParams] = useSearchParams();
  const close = () => {
    const next = new URLSearchParams(params);
    for (const key of ['new', 'company', 'ticket']) next.delete(key);
    setParams(next);
  };
  const switchView = (
    <SegmentedControl
      aria-label={t('list.view')}
      value={view}
      onChange={(v) => setView(v as ListView)}
      data={[
        { value: 'current', label: t('list.current') },
        { value: 'bin', label: t('list.recycleBin') },
      ]}
    />
  );
  return (
    <Stack>
      {view === 'current' ? (
        current(switchView, () => setParams({ new: '1' }))
      ) : (
        <>
          <ListHeader title={binTitle} />
          {switchView}
          {bin}
        </>
      )}
      {params.get('new') && create(params, close)}
    </Stack>
  );
}
