import { useQuery } from 'urql';

import { CampaignChoicesDocument } from './operations';

/** The campaigns a lead may name (by name, the first 100), as select options. */
export function useCampaignChoices(): { value: string; label: string }[] {
  const [{ data }] = useQuery({ query: CampaignChoicesDocument });
  return (data?.campaigns.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }));
}
