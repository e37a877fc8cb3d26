import { useMemo } from 'react';
import { useQuery } from 'urql';

import { useMember } from '../../auth/session';
import { userNodeId } from './logic';
import { ContractOptionsDocument } from './operations';

/** Owner choices (active members as `User` node ids) and companies (the first 100 by name) for the forms. */
export function useContractOptions() {
  const { me } = useMember();
  const [{ data }] = useQuery({ query: ContractOptionsDocument });
  return useMemo(() => {
    const members = (data?.users.edges ?? []).map((e) => e.node).filter((m) => m.isActive);
    const mine = members.find((m) => m.email === me.email);
    return {
      owners: members.map((m) => ({ value: userNodeId(m.userId), label: m.fullName || m.email })),
      companies: (data?.companies.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name })),
      myUserId: mine ? userNodeId(mine.userId) : null,
    };
  }, [data, me.email]);
}
