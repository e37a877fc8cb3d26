import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import { fakeClient, renderWith } from '../../test/render';
import { DataExportSection } from './DataExportSection';
import { en } from './translations';

i18n.addResourceBundle('en', 'portability', en, true, true);

const DONE = {
  id: 'V29ya3NwYWNlRXhwb3J0OjE=',
  status: 'COMPLETED',
  coverage: 'EVERYTHING',
  totalRecords: 12,
  processedRecords: 12,
  attachmentFiles: 2,
  fileSize: 2_500_000,
  createdAt: '2026-12-06T01:00:00Z',
  completedAt: '2026-12-06T01:01:00Z',
  expiresAt: '2026-12-09T01:01:00Z',
  downloadUrl: 'https://acme.example.com/exports/workspace/token.zip',
  errorMessage: null,
};

describe('Settings → Data export', { timeout: 20_000 }, () => {
  it('lists finished exports with their link, and starts one that shows its progress', async () => {
    const user = userEvent.setup();
    let exports: unknown[] = [DONE];
    const fake = fakeClient((query) => {
      if (query.includes('query WorkspaceExports')) return { data: { workspaceExports: exports } };
      if (query.includes('mutation StartWorkspaceExport')) {
        exports = [{ ...DONE, id: 'new', status: 'RUNNING', processedRecords: 4, downloadUrl: null, fileSize: 0 }, DONE];
        return { data: { startWorkspaceExport: { workspaceExport: { id: 'new', status: 'QUEUED' }, errors: [] } } };
      }
      return { data: null };
    });
    renderWith(<DataExportSection />, { client: fake.client });
    const link = await screen.findByRole('link', { name: 'Download (2.4 MB)' });
    expect(link).toHaveAttribute('href', DONE.downloadUrl);
    expect(screen.getByText(/2 files/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Start export' }));
    expect(await screen.findByText('4 of 12 records')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Start export' })).toBeDisabled());
  });

  it("shows the server's refusal", async () => {
    const user = userEvent.setup();
    const fake = fakeClient((query) => {
      if (query.includes('query WorkspaceExports')) return { data: { workspaceExports: [] } };
      if (query.includes('mutation StartWorkspaceExport'))
        return { data: { startWorkspaceExport: { workspaceExport: null, errors: [{ field: null, code: 'export_running', message: 'An export of this workspace is under way.' }] } } };
      return { data: null };
    });
    renderWith(<DataExportSection />, { client: fake.client });
    expect(await screen.findByText('No exports yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start export' }));
    expect(await screen.findByText('An export of this workspace is under way.')).toBeInTheDocument();
  });
});
