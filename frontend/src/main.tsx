import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import './styles.css';

import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider as UrqlProvider } from 'urql';

import i18n from './i18n';
import { makeClient } from './graphql/client';
import { PublicApp } from './public/PublicApp';
import { detectSite } from './site';
import { registerServiceWorker } from './sw-register';
import { TenantApp } from './TenantApp';
import { cssVariablesResolver, theme } from './theme';

const site = detectSite();
document.documentElement.lang = i18n.language;
const client = makeClient({ subscriptions: site.site === 'tenant' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <UrqlProvider value={client}>{site.site === 'tenant' ? <TenantApp /> : <PublicApp site={site} />}</UrqlProvider>
    </MantineProvider>
  </StrictMode>,
);

registerServiceWorker();
