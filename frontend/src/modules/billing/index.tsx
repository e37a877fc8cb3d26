import type { CrmModule } from '../types';
import { BillingSection } from './BillingSection';
import { en, zhCN } from './translations';
import { UnpaidBanner } from './UnpaidBanner';

const isOwner = (role: string) => role === 'owner';

/** Plan, usage, checkout and portal for owners; the unpaid banner and plan-limit notices for everyone. */
export const billingModule: CrmModule = {
  id: 'billing',
  settingsSections: [{ id: 'billing', label: 'billing:tab', order: 800, component: BillingSection, visible: isOwner }],
  banners: [{ id: 'unpaid', order: 10, component: UnpaidBanner }],
  translations: { en, 'zh-CN': zhCN },
};
