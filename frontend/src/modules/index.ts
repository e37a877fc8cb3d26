/**
 * THE list of modules of the web client. To add one (e.g. customers):
 *   1. write src/modules/customers/index.tsx exporting a `CrmModule` (routes, nav, widgets, search,
 *      settings sections, translations — see ./types.ts);
 *   2. import it here and add it to `modules`.
 * Nothing else changes: the router, navigation, dashboard, search and settings read `registry`.
 */
import i18n from '../i18n';
import { accessModule } from './access';
import { activitiesModule } from './activities';
import { attachmentsModule } from './attachments';
import { auditModule } from './audit';
import { billingModule } from './billing';
import { catalogModule } from './catalog';
import { contractsModule } from './contracts';
import { customersModule } from './customers';
import { customizationModule } from './customization';
import { entitlementsModule } from './entitlements';
import { forecastingModule } from './forecasting';
import { importsModule } from './imports';
import { integrationsModule } from './integrations';
import { invoicingModule } from './invoicing';
import { leadsModule } from './leads';
import { offlineModule } from './offline';
import { platformModule } from './platform';
import { portabilityModule } from './portability';
import { repairsModule } from './repairs';
import { salesModule } from './sales';
import { serviceModule } from './service';
import { surveysModule } from './surveys';
import { buildRegistry } from './registry';
import { returnsModule } from './returns';
import type { CrmModule } from './types';

export const modules: CrmModule[] = [platformModule, customersModule, activitiesModule, attachmentsModule, accessModule, auditModule, billingModule, customizationModule, integrationsModule, importsModule, salesModule, catalogModule, serviceModule, surveysModule, leadsModule, forecastingModule, portabilityModule, invoicingModule, contractsModule, entitlementsModule, repairsModule, returnsModule, offlineModule];

export const registry = buildRegistry(modules);

for (const { language, namespace, messages } of registry.translations) {
  i18n.addResourceBundle(language, namespace, messages, true, true);
}
