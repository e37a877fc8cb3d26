import { Badge, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/** Tag names as small badges, the same in list cells and on record pages. */
export function TagList({ names, empty = null }: { names: string[]; empty?: ReactNode }) {
  if (!names.length) return <>{empty}</>;
  return (
    <Group gap={4}>
      {names.map((n) => (
        <Badge key={n} size="sm" variant="outline" color="blue.8">
          {n}
        </Badge>
      ))}
    </Group>
  );
}
