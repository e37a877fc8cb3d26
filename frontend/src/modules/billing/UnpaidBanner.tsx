import { Alert, Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { useMember } from '../../auth/session';
import { BILLING_EVENT } from '../../graphql/client';
import { WorkspaceStandingDocument } from './operations';

/** In grace, read-only or suspended: a banner on every page, with the way to pay (owners) or whom to ask. */
export function UnpaidBanner() {
  const { t } = useTranslation('billing');
  const { me } = useMember();
  const navigate = useNavigate();
  const [{ data }, refetch] = useQuery({ query: WorkspaceStandingDocument, requestPolicy: 'cache-and-network' });

  // A refused mutation (PAYMENT_REQUIRED) or a plan limit: re-read the standing, and say where to upgrade.
  useEffect(() => {
    const onBilling = (event: Event) => {
      const code = (event as CustomEvent<string>).detail;
      refetch({ requestPolicy: 'network-only' });
      if (code === 'plan_limit')
        notifications.show({
          id: 'plan-limit',
          color: 'orange',
          title: t('limitReached'),
          // The toast renders outside the router: a plain link that navigates through the banner's router.
          message:
            me.role === 'owner' ? (
              <Anchor
                href="/settings/billing"
                onClick={(click) => {
                  click.preventDefault();
                  notifications.hide('plan-limit');
                  navigate('/settings/billing');
                }}
              >
                {t('limitUpgrade')}
              </Anchor>
            ) : (
              t('banner.askOwner')
            ),
        });
    };
    window.addEventListener(BILLING_EVENT, onBilling);
    return () => window.removeEventListener(BILLING_EVENT, onBilling);
  }, [refetch, t, me.role, navigate]);

  const standing = data?.workspaceStanding;
  if (!standing || standing === 'ACTIVE') return null;
  const key = standing.toLowerCase() as 'grace' | 'read_only' | 'suspended';
  return (
    <Alert color={key === 'grace' ? 'orange' : 'red'} role="alert" data-testid="unpaid-banner" mb="md">
      <Text size="sm">
        {t(`banner.${key}`)}{' '}
        {me.role === 'owner' ? (
          <Anchor component={Link} to="/settings/billing">
            {t('banner.pay')}
          </Anchor>
        ) : (
          t('banner.askOwner')
        )}
      </Text>
    </Alert>
  );
}
