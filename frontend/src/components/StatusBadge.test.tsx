import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';

import { TONE_COLORS } from './StatusBadge';

/** A palette reference ('teal.9') or a hex colour, as the hex Mantine paints. */
function hexOf(color: string): string {
  const [name, shade] = color.split('.');
  return shade === undefined ? color : DEFAULT_THEME.colors[name]![Number(shade)]!;
}

/** WCAG 2.1 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('status badge tones', () => {
  it('each reads at WCAG AA against white, as outline text on the page or under a filled badge’s white text', () => {
    for (const [tone, color] of Object.entries(TONE_COLORS)) {
      expect(contrastWithWhite(hexOf(color)), tone).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('the check itself fails the colour the invoices list used for "Paid"', () => {
    expect(contrastWithWhite(hexOf('green.9'))).toBeLessThan(4.5);
    expect(contrastWithWhite(hexOf('orange.9'))).toBeLessThan(4.5);
  });
});
