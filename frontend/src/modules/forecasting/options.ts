import { useMemo } from 'react';
import { useQuery } from 'urql';

import { ForecastOptionsDocument } from './operations';

export const PERIODS = ['MONTH', 'QUARTER', 'YEAR'] as const;
export type PeriodKind = (typeof PERIODS)[number];

/** The global id of a `User` node from a member's user id. */
export const userNodeId = (userId: number) => btoa(`User:${userId}`);

/** Today as YYYY-MM-DD (the browser's day). */
export const today = () => new Date().toISOString().slice(0, 10);

/** A decimal the API sent as a string, as a number for charts (null stays null). */
export const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** The workspace's active members, teams and pipelines as choices. */
export function useForecastChoices() {
  const [{ data }] = useQuery({ query: ForecastOptionsDocument });
  return useMemo(
    () => ({
      people: (data?.users.edges ?? [])
        .map((e) => e.node)
        .filter((m) => m.isActive)
        .map((m) => ({ value: userNodeId(m.userId), label: m.fullName || m.email })),
      teams: (data?.teams.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name })),
      pipelines: (data?.pipelines.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name })),
    }),
    [data],
  );
}
