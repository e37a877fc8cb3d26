import { useMemo } from 'react';
import { useQuery } from 'urql';

import { useMember } from '../../auth/session';
import { LeadOptionsDocument } from './operations';
import { userNodeId } from './logic';

/** The workspace's active members as owner choices (`User` node ids), and the signed-in member's own id. */
export function useOwnerChoices() {
  const { me } = useMember();
  const [{ data }] = useQuery({ query: LeadOptionsDocument });
  return useMemo(() => {
    const members = (data?.users.edges ?? []).map((e) => e.node).filter((m) => m.isActive);
    const mine = members.find((m) => m.email === me.email);
    return {
      owners: members.map((m) => ({ value: userNodeId(m.userId), label: m.fullName || m.email })),
      myUserId: mine ? userNodeId(mine.userId) : null,
    };
  }, [data, me.email]);
}
