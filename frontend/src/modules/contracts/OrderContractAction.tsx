import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';

import type { RecordPanelProps } from '../types';
import { contractPath } from './logic';
import { CreateContractFromOrderDocument } from './operations';

/** "Create contract" on an order (a `recordActions` entry): a draft worth the order's total, then its page. */
export function OrderContractAction({ recordId }: RecordPanelProps) {
  const { t } = useTranslation('contracts');
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateContractFromOrderDocument);
  const run = async () => {
    setBusy(true);
    const result = await create({ input: { orderId: recordId } });
    setBusy(false);
    const refused = result.error?.message ?? result.data?.createContractFromOrder.errors[0]?.message;
    const contract = result.data?.createContractFromOrder.contract;
    if (refused || !contract) notifications.show({ color: 'red', message: refused ?? '?' });
    else navigate(contractPath(contract.id));
  };
  return (
    <Button size="xs" variant="light" loading={busy} onClick={() => void run()}>
      {t('order.createContract')}
    </Button>
  );
}
