import { useMemo } from 'react';
import { useQuery } from 'urql';

import { useMember } from '../../auth/session';
import { userNodeId } from './logic';
import { RepairOptionsDocument } from './operations';

/** Technician / owner choices (active members as `User` ids), companies and catalogue parts (the first 100 by name) for the forms. */
export function useRepairOptions() {
  const { me } = useMember();
  const [{ data }] = useQuery({ query: RepairOptionsDocument });
  return useMemo(() => {
    const members = (data?.users.edges ?? []).map((e) => e.node).filter((m) => m.isActive);
    const mine = members.find((m) => m.email === me.email);
    const products = (data?.products.edges ?? []).map((e) => e.node).filter((p) => p.active);
    return {
      owners: members.map((m) => ({ value: userNodeId(m.userId), label: m.fullName || m.email })),
      companies: (data?.companies.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name })),
      products,
      productChoices: products.map((p) => ({ value: p.id, label: p.sku ? `${p.name} (${p.sku})` : p.name })),
      myUserId: mine ? userNodeId(mine.userId) : null,
    };
  }, [data, me.email]);
}

/** A company (or product) id not among the first 100 choices still shows, by its id. */
export function withChosen(choices: { value: string; label: string }[], chosen: string | null | undefined, label?: string) {
  return !chosen || choices.some((c) => c.value === chosen) ? choices : [{ value: chosen, label: label ?? chosen }, ...choices];
}
