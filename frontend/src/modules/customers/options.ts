import { useMemo } from 'react';
import { useQuery } from 'urql';

import { useMember } from '../../auth/session';
import type { SavedViewRecordType } from '../../gql/tenant/graphql';
import { userNodeId } from '../../components/members';
import { CustomerOptionsDocument } from './operations';

/** Tags, members (as owner choices, with the signed-in member's own id) and saved views of a record type. */
export function useCustomerOptions(recordType: SavedViewRecordType) {
  const { me } = useMember();
  // Named typenames: an empty tag list holds no `Tag`, and urql's document cache would then keep it
  // when a tag is created elsewhere (another list's "new tag").
  const context = useMemo(() => ({ additionalTypenames: ['Tag', 'SavedView'] }), []);
  const [{ data }, refetch] = useQuery({ query: CustomerOptionsDocument, variables: { recordType }, context });
  return useMemo(() => {
    const members = (data?.users.edges ?? []).map((e) => e.node).filter((m) => m.isActive);
    const mine = members.find((m) => m.email === me.email);
    return {
      tags: (data?.tags.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name })),
      owners: members.map((m) => ({ value: userNodeId(m.userId), label: m.fullName || m.email })),
      myUserId: mine ? userNodeId(mine.userId) : null,
      views: (data?.savedViews.edges ?? []).map((e) => e.node),
      reload: () => refetch({ requestPolicy: 'network-only' }),
    };
  }, [data, me.email, refetch]);
}

/** Quote a CSV cell (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
