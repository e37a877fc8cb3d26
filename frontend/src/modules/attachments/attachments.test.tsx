import { Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { panelsFor } from '../../components/record/RecordPanels';
import i18n from '../../i18n';
import { fakeClient, renderWith } from '../../test/render';
import { buildRegistry } from '../registry';
import { AttachmentPanel, typeLabel } from './AttachmentPanel';
import { attachmentsModule } from './index';
import { en, zhCN } from './translations';
import { formatSize, outcomeOf, previewKind, samePath } from './upload';

const uploads = vi.hoisted(() => ({ calls: [] as { recordId: string; name: string }[] }));
vi.mock('./upload', async (original) => {
  const actual = await original<typeof import('./upload')>();
  return {
    ...actual,
    uploadFile: async (recordId: string, file: File, onProgress: (p: number) => void) => {
      uploads.calls.push({ recordId, name: file.name });
      onProgress(50);
      if (file.name.endsWith('.exe')) return { ok: false, errors: [{ field: 'file', message: 'no', code: 'file_type_not_allowed' }] };
      return { ok: true };
    },
  };
});

const LOGO = {
  id: 'QXR0YWNobWVudDox',
  fileName: 'logo.png',
  contentType: 'image/png',
  size: 2048,
  createdAt: '2027-03-01T09:00:00Z',
  downloadUrl: 'http://globex.localhost:8000/attachments/file/a1',
  previewUrl: 'http://globex.localhost:8000/attachments/file/a1?inline=1',
  uploadedBy: { id: 'VXNlcjox', fullName: 'Ann Lee', email: 'ann@globex.example.com' },
};
const NOTES = { ...LOGO, id: 'QXR0YWNobWVudDoy', fileName: 'notes.txt', contentType: 'text/plain', size: 5, previewUrl: null, downloadUrl: 'http://globex.localhost:8000/attachments/file/b2' };

function server() {
  return fakeClient((query) => {
    if (query.includes('RecordAttachments'))
      return { data: { attachments: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: LOGO }, { node: NOTES }] } } };
    if (query.includes('DeleteAttachment')) return { data: { deleteAttachment: { attachment: { id: LOGO.id }, errors: [] } } };
    if (query.includes('RestoreAttachment')) return { data: { restoreAttachment: { attachment: { id: LOGO.id }, errors: [] } } };
    return { data: null };
  });
}

beforeAll(() => {
  i18n.addResourceBundle('en', 'attachments', en, true, true);
});

describe('attachment helpers', () => {
  it('says sizes, kinds and previews the way people read them', () => {
    expect(formatSize(5)).toBe('5 B');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(3.4 * 1024 * 1024)).toBe('3.4 MB');
    expect(previewKind('image/webp')).toBe('image');
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('text/plain')).toBeNull();
    expect(typeLabel('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('spreadsheet');
    expect(typeLabel('application/octet-stream')).toBe('file');
  });

  it('downloads through this page’s host, and reads the server’s refusals', () => {
    expect(samePath('http://globex.localhost:8000/attachments/file/a1?inline=1')).toBe('/attachments/file/a1?inline=1');
    expect(outcomeOf(200, '{}')).toEqual({ ok: true });
    expect(outcomeOf(400, '{"errors":[{"field":"file","message":"x","code":"infected_file"}]}')).toEqual({
      ok: false,
      errors: [{ field: 'file', message: 'x', code: 'infected_file' }],
    });
    expect(outcomeOf(502, '<html>')).toEqual({ ok: false, errors: [{ field: null, message: '', code: 'network' }] });
  });

  it('is on every record page, in English and Chinese', () => {
    const registry = buildRegistry([attachmentsModule]);
    expect(panelsFor(registry.recordPanels, 'Company').map((p) => p.id)).toEqual(['attachments']);
    expect(panelsFor(registry.recordPanels, 'Deal').map((p) => p.id)).toEqual(['attachments']);
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });
});

describe('the attachments panel', () => {
  it('lists files with size and type, previews a picture and downloads through signed links', async () => {
    const user = userEvent.setup();
    renderWith(<AttachmentPanel recordType="Company" recordId="Q29tcGFueTox" />, { client: server().client });
    const panel = await screen.findByTestId('attachment-panel');
    expect(await within(panel).findByText('Attachments (2)')).toBeInTheDocument();
    const logo = within(panel).getAllByTestId('attachment')[0];
    expect(logo).toHaveTextContent('2 KB · Image · Ann Lee');
    expect(within(panel).getByRole('link', { name: 'Download notes.txt' })).toHaveAttribute('href', '/attachments/file/b2');
    expect(within(panel).queryByRole('button', { name: 'Preview notes.txt' })).not.toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'Preview logo.png' }));
    const preview = await screen.findByTestId('attachment-preview');
    expect(within(preview).getByRole('img', { name: 'logo.png' })).toHaveAttribute('src', '/attachments/file/a1?inline=1');
  });

  it('uploads chosen files and says why one was refused', async () => {
    uploads.calls.length = 0;
    const user = userEvent.setup({ applyAccept: false });
    const { container } = renderWith(<AttachmentPanel recordType="Company" recordId="Q29tcGFueTox" />, { client: server().client });
    await screen.findByText('Attachments (2)');
    const input = container.querySelector('input[type=file]') as HTMLInputElement;
    await user.upload(input, [new File(['hi'], 'offer.pdf'), new File(['MZ'], 'tool.exe')]);
    await waitFor(() => expect(uploads.calls.map((c) => c.name)).toEqual(['offer.pdf', 'tool.exe']));
    expect(uploads.calls[0].recordId).toBe('Q29tcGFueTox');
    expect(await screen.findByTestId('attachment-errors')).toHaveTextContent('tool.exe: files of this type cannot be attached.');
  });

  it('deletes after asking, with undo', async () => {
    const user = userEvent.setup();
    const { client, calls } = server();
    renderWith(
      <>
        <Notifications />
        <AttachmentPanel recordType="Company" recordId="Q29tcGFueTox" />
      </>,
      { client },
    );
    await user.click(await screen.findByRole('button', { name: 'Delete logo.png' }));
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('DeleteAttachment'))).toBe(true));
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('RestoreAttachment'))?.variables).toEqual({ input: { id: LOGO.id } }));
  });

  it('offers no changes on a read-only page', async () => {
    renderWith(<AttachmentPanel recordType="Company" recordId="Q29tcGFueTox" readOnly />, { client: server().client });
    await screen.findByText('Attachments (2)');
    expect(screen.queryByRole('button', { name: 'Attach files' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete logo.png' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download logo.png' })).toBeInTheDocument();
  });
});
