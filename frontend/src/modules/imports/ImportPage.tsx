import { Alert, Anchor, Button, Group, Input, List, Paper, Progress, Radio, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';

import { ConfirmAction } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { FRESH_LIST } from '../../components/list/useCursorList';
import type { DataImportStatusQuery } from '../../gql/tenant/graphql';
import { ImportDedupe } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { LiveNotificationsDocument } from '../../live/live';
import { useFormat } from '../../locale';
import { applySaved, assign, mappingFrom, mappingInput, mappingProblems, percent, type Dedupe, type Mapping } from './mapping';
import {
  DataImportDocument,
  ImportableTypesDocument,
  ImportMappingsDocument,
  LastImportDocument,
  SaveImportMappingDocument,
  StartImportDocument,
  UndoImportDocument,
  uploadImportFile,
} from './operations';

/** A toast's close button needs a name (axe button-name). */
const closeLabel = () => ({ 'aria-label': i18n.t('app.close') });

type DataImport = NonNullable<DataImportStatusQuery['dataImport']>;

const RUNNING = new Set(['QUEUED', 'VALIDATING', 'IMPORTING']);
const ENCODINGS = ['utf-8', 'gb18030', 'big5', 'shift_jis', 'latin-1', 'utf-16'];
/** Where the records of a type are listed, to look at them after an import. */
const LISTS: Record<string, string> = { Contact: '/customers/contacts', Company: '/customers/companies' };
/** How often the import's status is asked for while it runs, should the live notifications be late or off. */
const POLL_MS = 2000;

/**
 * The import wizard (`/imports?type=Contact`): upload a CSV or XLSX file, map its columns (suggested
 * from the headers, or a saved mapping), choose what happens to duplicates, check the rows (dry run,
 * errors per row), import with a live progress bar, then see the result and undo the last import.
 */
export function ImportPage() {
  const { t } = useTranslation('imports');
  const [params, setParams] = useSearchParams();
  const [{ data: types }] = useQuery({ query: ImportableTypesDocument });
  const recordTypes = types?.importableTypes ?? [];
  const recordType = params.get('type') ?? recordTypes[0]?.recordType ?? 'Contact';
  const importId = params.get('import');

  const go = (next: { type?: string; import?: string | null }) => {
    const p = new URLSearchParams(params);
    if (next.type) p.set('type', next.type);
    if (next.import === null) p.delete('import');
    else if (next.import) p.set('import', next.import);
    setParams(p, { replace: false });
  };

  return (
    <Stack data-testid="import-wizard" maw={1100}>
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Text size="sm" c="gray.8">
        {t('intro')}
      </Text>
      {importId ? (
        <ImportRun key={importId} importId={importId} fields={recordTypes.find((r) => r.recordType === recordType)?.fields ?? []} onRestart={() => go({ import: null })} />
      ) : (
        <>
          <UploadStep
            recordType={recordType}
            recordTypes={recordTypes.map((r) => r.recordType)}
            onType={(type) => go({ type })}
            onUploaded={(id) => go({ import: id })}
          />
          <LastImport recordType={recordType} />
        </>
      )}
    </Stack>
  );
}

function typeLabel(t: (key: string, options?: Record<string, unknown>) => string, recordType: string): string {
  return t(`type.${recordType}`, { defaultValue: recordType });
}

function UploadStep({
  recordType,
  recordTypes,
  onType,
  onUploaded,
}: {
  recordType: string;
  recordTypes: string[];
  onType: (type: string) => void;
  onUploaded: (id: string) => void;
}) {
  const { t } = useTranslation('imports');
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState('utf-8');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const isCsv = !file || file.name.toLowerCase().endsWith('.csv');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setErrors([t('upload.choose')]);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      const answer = await uploadImportFile(file, recordType, encoding);
      if (answer.dataImport) onUploaded(answer.dataImport.id);
      else setErrors((answer.errors ?? []).map((e) => e.message));
    } catch {
      setErrors([t('upload.network')]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-upload-title">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} size="h4" id="import-upload-title">
            {t('upload.title')}
          </Title>
          <Select
            label={t('upload.type')}
            data={(recordTypes.length ? recordTypes : [recordType]).map((value) => ({ value, label: typeLabel(t, value) }))}
            value={recordType}
            onChange={(value) => value && onType(value)}
            allowDeselect={false}
            maw={320}
          />
          <Input.Wrapper id="import-file" label={t('upload.file')} description={t('upload.fileHelp')}>
            <input
              id="import-file"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              data-testid="import-file"
              style={{ display: 'block', marginTop: 4 }}
            />
          </Input.Wrapper>
          {isCsv && <Select label={t('upload.encoding')} data={ENCODINGS} value={encoding} onChange={(value) => value && setEncoding(value)} allowDeselect={false} maw={320} />}
          {errors.length > 0 && (
            <Alert color="red" role="alert" data-testid="upload-errors">
              {errors.map((message) => (
                <Text size="sm" key={message}>
                  {message}
                </Text>
              ))}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              {t('upload.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** One uploaded file: its mapping, its checks and its import, followed live. */
function ImportRun({ importId, fields, onRestart }: { importId: string; fields: { name: string; label: string; labelZh: string; required: boolean; isKey: boolean }[]; onRestart: () => void }) {
  const { t, i18n } = useTranslation('imports');
  const [{ data, error }, refetch] = useQuery({ query: DataImportDocument, variables: { id: importId }, requestPolicy: 'network-only' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const current = data?.dataImport ?? null;
  const running = current ? RUNNING.has(current.status) : false;

  // Live: each batch of the import tells its member (`import_progress`, `import_finished`); a poll
  // covers a socket that is down.
  const [{ data: live }] = useSubscription({ query: LiveNotificationsDocument, pause: !running });
  const note = live?.notifications;
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (!note || seen.current === note.id || !note.kind.startsWith('import_')) return;
    seen.current = note.id;
    reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [note]);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [running]);

  if (error) return <ListError error={error} onRetry={reload} />;
  if (!current) return <Text size="sm">{t('loading')}</Text>;
  if (current.status === 'UPLOADED') {
    return <MappingStep data={current} fields={fields} lang={i18n.language} onStarted={reload} onRestart={onRestart} />;
  }
  if (running) return <Running data={current} />;
  if (current.status === 'VALIDATED') {
    // Checked: the rows that would fail, then the same mapping to change or import.
    return (
      <Stack>
        <DryRunResult data={current} />
        <MappingStep data={current} fields={fields} lang={i18n.language} onStarted={reload} onRestart={onRestart} />
      </Stack>
    );
  }
  return <Finished data={current} onRestart={onRestart} onChanged={reload} />;
}

function MappingStep({
  data,
  fields,
  lang,
  onStarted,
  onRestart,
}: {
  data: DataImport;
  fields: { name: string; label: string; labelZh: string; required: boolean; isKey: boolean }[];
  lang: string;
  onStarted: () => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const headers = data.headers;
  const suggested = useMemo(() => mappingFrom(data.mapping, headers), [data.mapping, headers]);
  const [mapping, setMapping] = useState<Mapping>(suggested);
  const [dedupe, setDedupe] = useState<Dedupe>((data.dedupe as Dedupe) ?? 'SKIP');
  const [savedName, setSavedName] = useState('');
  const [chosenSaved, setChosenSaved] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  const [{ data: saved }, refetchSaved] = useQuery({ query: ImportMappingsDocument, variables: { recordType: data.recordType } });
  const [{ fetching: starting }, start] = useMutation(StartImportDocument);
  const [{ fetching: saving }, save] = useMutation(SaveImportMappingDocument);
  const zh = lang.startsWith('zh');
  const problems = mappingProblems(mapping, fields, dedupe, lang);
  const options = [{ value: '', label: t('map.skip') }, ...fields.map((f) => ({ value: f.name, label: zh ? f.labelZh : f.label }))];
  const savedMappings = saved?.importMappings ?? [];

  const run = async (dryRun: boolean) => {
    setServerErrors([]);
    const result = await start({
      input: { importId: data.id, mapping: mappingInput(mapping, headers), dedupe: dedupe as ImportDedupe, dryRun },
    });
    const errors = result.error ? [result.error.message] : (result.data?.startImport.errors ?? []).map((e) => e.message);
    if (errors.length) setServerErrors(errors);
    else onStarted();
  };

  const saveMapping = async () => {
    if (!savedName.trim()) {
      setServerErrors([t('map.nameRequired')]);
      return;
    }
    const result = await save({ input: { recordType: data.recordType, name: savedName.trim(), mapping: mappingInput(mapping, headers) } });
    const errors = result.error ? [result.error.message] : (result.data?.saveImportMapping.errors ?? []).map((e) => e.message);
    setServerErrors(errors);
    if (!errors.length) {
      notifications.show({ message: t('map.saved', { name: savedName.trim() }), autoClose: 4000, closeButtonProps: closeLabel() });
      refetchSaved({ requestPolicy: 'network-only' });
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-map-title">
      <Stack>
        <Title order={2} size="h4" id="import-map-title">
          {t('map.title')}
        </Title>
        <Text size="sm" data-testid="import-file-summary">
          {t('map.file', { name: data.fileName, rows: format.number(data.rowCount) })}
        </Text>
        <Group align="flex-end">
          <Select
            label={t('map.savedMappings')}
            placeholder={savedMappings.length ? t('map.pickSaved') : t('map.noSaved')}
            data={savedMappings.map((m) => ({ value: m.id, label: m.name }))}
            value={chosenSaved}
            disabled={!savedMappings.length}
            onChange={(value) => {
              setChosenSaved(value);
              const found = savedMappings.find((m) => m.id === value);
              if (found) setMapping(applySaved(mappingFrom(found.mapping, headers), suggested, headers));
            }}
            maw={280}
          />
          <TextInput label={t('map.saveAs')} value={savedName} onChange={(e) => setSavedName(e.currentTarget.value)} maw={240} />
          <Button variant="default" onClick={saveMapping} loading={saving}>
            {t('map.save')}
          </Button>
        </Group>
        <Table.ScrollContainer minWidth={600}>
          <Table data-testid="mapping-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('map.column')}</Table.Th>
                <Table.Th>{t('map.sample')}</Table.Th>
                <Table.Th>{t('map.field')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {headers.map((header, index) => (
                <Table.Tr key={header}>
                  <Table.Td>{header}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="gray.8" lineClamp={1}>
                      {data.sample
                        .map((row) => row[index] ?? '')
                        .filter(Boolean)
                        .slice(0, 2)
                        .join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('map.fieldFor', { column: header })}
                      data={options}
                      value={mapping[header] ?? ''}
                      onChange={(value) => setMapping(assign(mapping, header, value ?? ''))}
                      allowDeselect={false}
                      size="xs"
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Radio.Group label={t('dedupe.label')} description={t('dedupe.help')} value={dedupe} onChange={(value) => setDedupe(value as Dedupe)}>
          <Stack gap={6} mt="xs">
            <Radio value="SKIP" label={t('dedupe.skip')} />
            <Radio value="UPDATE" label={t('dedupe.update')} />
            <Radio value="CREATE" label={t('dedupe.create')} />
          </Stack>
        </Radio.Group>
        {(problems.length > 0 || serverErrors.length > 0) && (
          <Alert color="orange" role="status" data-testid="mapping-problems">
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={`${p.code}-${p.field ?? ''}`}>{t(`problem.${p.code}`, { field: p.field })}</List.Item>
              ))}
              {serverErrors.map((message) => (
                <List.Item key={message}>{message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group>
          <Button onClick={() => run(true)} loading={starting} disabled={problems.length > 0}>
            {t('map.dryRun')}
          </Button>
          <Button variant="default" onClick={() => run(false)} loading={starting} disabled={problems.length > 0}>
            {t('map.import')}
          </Button>
          <Button variant="subtle" c="gray.8" onClick={onRestart}>
            {t('restart')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Running({ data }: { data: DataImport }) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const value = percent(data.processedRows, data.rowCount);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-progress-title">
      <Stack>
        <Title order={2} size="h4" id="import-progress-title">
          {t(data.dryRun ? 'progress.checking' : 'progress.importing', { name: data.fileName })}
        </Title>
        <Progress value={value} size="lg" aria-label={t('progress.label')} data-testid="import-progress" animated />
        <Text size="sm" aria-live="polite">
          {t('progress.rows', { done: format.number(data.processedRows), total: format.number(data.rowCount), percent: value })}
        </Text>
      </Stack>
    </Paper>
  );
}

function Counts({ data }: { data: DataImport }) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const prefix = data.dryRun ? 'would' : 'did';
  return (
    <Group gap="lg" data-testid="import-counts">
      <Text size="sm">{t(`counts.${prefix}Create`, { count: data.createdCount, n: format.number(data.createdCount) })}</Text>
      <Text size="sm">{t(`counts.${prefix}Update`, { count: data.updatedCount, n: format.number(data.updatedCount) })}</Text>
      <Text size="sm">{t('counts.skipped', { count: data.skippedCount, n: format.number(data.skippedCount) })}</Text>
      <Text size="sm" fw={data.errorCount ? 700 : undefined} c={data.errorCount ? 'red.9' : undefined} data-testid="import-error-count">
        {t('counts.errors', { count: data.errorCount, n: format.number(data.errorCount) })}
      </Text>
    </Group>
  );
}

function RowErrors({ data }: { data: DataImport }) {
  const { t } = useTranslation('imports');
  if (!data.rowErrors.length) return null;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('errors.title')}
      </Title>
      {data.errorCount > data.rowErrors.length && <Text size="sm">{t('errors.firstOnly', { shown: data.rowErrors.length, count: data.errorCount })}</Text>}
      <Table.ScrollContainer minWidth={500} mah={360}>
        <Table data-testid="row-errors" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('errors.row')}</Table.Th>
              <Table.Th>{t('errors.column')}</Table.Th>
              <Table.Th>{t('errors.problem')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rowErrors.map((e, i) => (
              <Table.Tr key={`${e.row}-${e.field ?? ''}-${i}`} data-testid="row-error">
                <Table.Td>{e.row}</Table.Td>
                <Table.Td>{e.column ?? '—'}</Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function DryRunResult({ data }: { data: DataImport }) {
  const { t } = useTranslation('imports');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-check-title" data-testid="dry-run-result">
      <Stack>
        <Title order={2} size="h4" id="import-check-title">
          {t('check.title', { name: data.fileName })}
        </Title>
        <Counts data={data} />
        <Text size="sm">{data.errorCount ? t('check.withErrors') : t('check.clean')}</Text>
        <RowErrors data={data} />
      </Stack>
    </Paper>
  );
}

function Finished({ data, onRestart, onChanged }: { data: DataImport; onRestart: () => void; onChanged: () => void }) {
  const { t } = useTranslation('imports');
  const list = LISTS[data.recordType];
  const failed = data.status === 'FAILED';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-result-title" data-testid="import-result">
      <Stack>
        <Title order={2} size="h4" id="import-result-title">
          {t(data.status === 'UNDONE' ? 'result.undone' : failed ? 'result.failed' : 'result.done', { name: data.fileName })}
        </Title>
        {failed && data.errorMessage && (
          <Alert color="red" role="alert">
            {data.errorMessage}
          </Alert>
        )}
        <Counts data={data} />
        <RowErrors data={data} />
        <Group>
          {list && (
            <Anchor component={Link} to={list} state={FRESH_LIST}>
              {t('result.open', { type: t(`type.${data.recordType}`, { defaultValue: data.recordType }) })}
            </Anchor>
          )}
          {(data.status === 'COMPLETED' || failed) && !data.dryRun && <UndoButton importId={data.id} fileName={data.fileName} onUndone={onChanged} />}
          <Button variant="default" onClick={onRestart}>
            {t('result.another')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function UndoButton({ importId, fileName, onUndone }: { importId: string; fileName: string; onUndone: () => void }) {
  const { t } = useTranslation('imports');
  const [open, setOpen] = useState(false);
  const [, undo] = useMutation(UndoImportDocument);
  return (
    <>
      <Button color="red.8" variant="outline" onClick={() => setOpen(true)}>
        {t('undo.button')}
      </Button>
      {open && (
        <ConfirmAction
          title={t('undo.title')}
          message={t('undo.message', { name: fileName })}
          confirmLabel={t('undo.confirm')}
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            const result = await undo({ input: { importId } });
            const errors = result.error ? [result.error.message] : (result.data?.undoImport.errors ?? []).map((e) => e.message);
            notifications.show({ message: errors.length ? errors.join(' ') : t('undo.done'), color: errors.length ? 'red' : undefined, autoClose: 5000, closeButtonProps: closeLabel() });
            onUndone();
          }}
        />
      )}
    </>
  );
}

/** The member's last import of the type, with its undo, under the upload form. */
function LastImport({ recordType }: { recordType: string }) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const [{ data }, refetch] = useQuery({ query: LastImportDocument, variables: { recordType }, requestPolicy: 'network-only' });
  const last = data?.lastImport;
  if (!last) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-last-title" data-testid="last-import">
      <Stack gap="xs">
        <Title order={2} size="h4" id="import-last-title">
          {t('last.title')}
        </Title>
        <Text size="sm">
          {last.status === 'UNDONE'
            ? t('last.undone', { name: last.fileName })
            : t('last.summary', { name: last.fileName, created: format.number(last.createdCount), updated: format.number(last.updatedCount) })}
        </Text>
        {last.status !== 'UNDONE' && (
          <Group>
            <UndoButton importId={last.id} fileName={last.fileName} onUndone={() => refetch({ requestPolicy: 'network-only' })} />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
