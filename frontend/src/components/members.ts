import { useMemo } from 'react';
import { useQuery } from 'urql';

import { useMember } from '../auth/session';
import { graphql } from '../gql/tenant';

/** A member's `User` node id (what owner and assignee fields take), from their numeric user id. */
export const userNodeId = (userId: number) => btoa(`User:${userId}`);

export interface MemberChoice {
  value: string;
  label: string;
}

const WorkspaceMembersDocument = graphql(`
  query WorkspaceMembers {
    users(first: 100) {
      edges {
        node {
          id
          userId
          email
          fullName
          isActive
        }
      }
    }
  }
`);

/**
 * The workspace's active members as choices for owner / assignee pickers and filter chips (`User` node
 * ids), and the signed-in member's own id ("me").
 */
export function useMemberChoices(): { owners: MemberChoice[]; myUserId: string | null } {
  const { me } = useMember();
  const [{ data }] = useQuery({ query: WorkspaceMembersDocument });
  return useMemo(() => {
    const members = (data?.users.edges ?? []).map((e) => e.node).filter((m) => m.isActive);
    const mine = members.find((m) => m.email === me.email);
    return {
      owners: members.map((m) => ({ value: userNodeId(m.userId), label: m.fullName || m.email })),
      myUserId: mine ? userNodeId(mine.userId) : null,
    };
  }, [data, me.email]);
}
