import { useMemo } from 'react';
import { useQuery } from 'urql';

import { userNodeId } from './logic';
import { EntitlementOptionsDocument } from './operations';

/** Owner choices (active members as `User` node ids), companies (the first 100 by name) and SLA policies for the forms. */
export function useEntitlementOptions() {
  const [{ data }] = useQuery({ query: EntitlementOptionsDocument });
  return useMemo(
    () => ({
      owners: (data?.users.edges ?? []).map((e) => e.node).filter((m) => m.isActive).map((m) => ({ value: userNodeId(m.userId), label: m.fullName || m.email })),
      companies: (data?.companies.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name })),
      slaPolicies: (data?.slaPolicies.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name })),
    }),
    [data],
  );
}
