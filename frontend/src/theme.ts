import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif',
  defaultRadius: 'md',
});

/**
 * Mantine's default "dimmed" grey is below WCAG AA contrast on white; use a darker one. So is the
 * text of the primary colour's light variant (blue 6 on its tint, e.g. a light Badge): blue 9 passes,
 * and so does red 9 for error messages under inputs.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
    // A field's error message (red 6 by default, 3.3:1 on white).
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
