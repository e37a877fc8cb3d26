import { Button, Group, Modal, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { useSearchTerm } from '../../components/list/useSearchTerm';
import { FormError, outcome } from '../access/common';
import { CompanyChoicesDocument, ConvertLeadDocument } from './operations';

/**
 * Convert a lead: into the company it names (matched by name, else made), or into a company picked
 * here; an optional deal title. The page then shows links to the company, contact and deal.
 */
export function ConvertDialog({
  lead,
  onClose,
  onConverted,
}: {
  lead: { id: string; name: string; companyName: string };
  onClose: () => void;
  onConverted: () => void;
}) {
  const { t } = useTranslation('leads');
  const [mode, setMode] = useState<'match' | 'existing'>('match');
  const search = useSearchTerm();
  const [companyId, setCompanyId] = useState('');
  const [dealTitle, setDealTitle] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [{ data: companies }] = useQuery({ query: CompanyChoicesDocument, variables: { q: search.term || null }, pause: mode !== 'existing' });
  const [, convert] = useMutation(ConvertLeadDocument);
  const choices = (companies?.companies.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }));
  const chosen = companyId && choices.some((c) => c.value === companyId) ? companyId : '';

  const submit = async () => {
    setBusy(true);
    const input = { leadId: lead.id, companyId: mode === 'existing' ? chosen || null : null, dealTitle: dealTitle.trim() || null };
    const found = outcome(await convert({ input }), (d) => d.convertLead, t);
    setBusy(false);
    setErrors(found);
    if (Object.keys(found).length) return;
    notifications.show({ message: t('convert.done'), color: 'green' });
    onConverted();
    onClose();
  };

  return (
    <Modal opened onClose={onClose} title={t('convert.title', { name: lead.name })} closeButtonProps={{ 'aria-label': t('convert.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{t('convert.intro')}</Text>
          <Radio.Group label={t('convert.company')} value={mode} onChange={(v) => setMode(v as 'match' | 'existing')}>
            <Stack gap={6} mt={4}>
              <Radio value="match" label={lead.companyName ? t('convert.match', { name: lead.companyName }) : t('convert.matchNone')} />
              <Radio value="existing" label={t('convert.existing')} data-testid="convert-existing" />
            </Stack>
          </Radio.Group>
          {mode === 'existing' && (
            <>
              <TextInput
                label={t('convert.searchCompany')}
                value={search.value}
                onChange={(e) => search.setValue(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    search.commit();
                  }
                }}
              />
              <NativeSelect
                label={t('convert.pickCompany')}
                value={chosen}
                onChange={(e) => setCompanyId(e.currentTarget.value)}
                data={[{ value: '', label: '—' }, ...choices]}
                error={errors.companyId}
              />
            </>
          )}
          {mode === 'match' && errors.companyId && (
            <Text size="sm" c="red.9" role="alert">
              {errors.companyId}
            </Text>
          )}
          <TextInput
            label={t('convert.dealTitle')}
            description={t('convert.dealTitleHint', { name: lead.companyName || lead.name })}
            value={dealTitle}
            onChange={(e) => setDealTitle(e.currentTarget.value)}
            error={errors.dealTitle}
          />
          <FormError errors={{ _form: errors._form ?? errors.leadId ?? errors.pipelineId ?? '' }} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('convert.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={mode === 'existing' && !chosen} data-testid="convert-submit">
              {t('convert.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
