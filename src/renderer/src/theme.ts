import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm blue-violet that reads well on both schemes and does not clash with status colours.
const brand: MantineColorsTuple = [
  '#eef1ff',
  '#dbe0fa',
  '#b4bdf0',
  '#8b98e6',
  '#6878dd',
  '#5264d8',
  '#4659d6',
  '#374abe',
  '#2f41ab',
  '#243798',
];

export const theme = createTheme({
  primaryColor: 'brand',
  colors: { brand },
  defaultRadius: 'md',
  fontFamily:
    'Inter, "Segoe UI", system-ui, -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    Badge: { defaultProps: { radius: 'sm' } },
    // Mantine's default indicator circle is dark-6 in dark mode, the colour of a card: on a card it vanished
    EmptyState: { defaultProps: { variant: 'light' } },
  },
});
