import { useMemo } from 'react';
import { useQuery } from 'urql';

import { REASONS, userNodeId } from './logic';
import { ReturnOptionsDocument } from './operations';

/** Owner choices (active members as `User` node ids), companies (the first 100 by name) and the return reasons. */
export function useReturnOptions() {
  const [{ data }] = useQuery({ query: ReturnOptionsDocument });
  return useMemo(() => {
    const members = (data?.users.edges ?? []).map((e) => e.node).filter((m) => m.isActive);
    const reasons = data?.picklists.find((p) => p.key === REASONS)?.values.filter((v) => !v.deprecated) ?? [];
    return {
      owners: members.map((m) => ({ value: userNodeId(m.userId), label: m.fullName || m.email })),
      companies: (data?.companies.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name })),
      reasons: reasons.map((v) => ({ value: v.value, label: v.label })),
    };
  }, [data]);
}
