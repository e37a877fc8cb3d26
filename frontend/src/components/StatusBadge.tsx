import { Badge, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * What a status says, as one colour for every module's status badges. Each colour reads at WCAG AA
 * (4.5:1, axe's color-contrast rule for badge-sized text) both ways: as the text and border of an
 * outline badge on white, and under the white text of a filled one (StatusBadge.test.tsx checks it).
 * Mantine's green 9 (4.4:1) and orange 9 (4.3:1) do not; hence teal 9 and a darker orange.
 */
export const TONE_COLORS = {
  positive: 'teal.9',
  negative: 'red.9',
  warning: '#b03a0a',
  info: 'blue.9',
  neutral: 'gray.7',
} as const;

export type Tone = keyof typeof TONE_COLORS;

type StatusBadgeProps = Omit<BadgeProps, 'color'> & { tone: Tone; children: ReactNode; 'data-testid'?: string };

/** A status badge in its tone's colour (filled by default, or `variant="outline"`). */
export function StatusBadge({ tone, variant = 'filled', ...props }: StatusBadgeProps) {
  return <Badge variant={variant} color={TONE_COLORS[tone]} {...props} />;
}
