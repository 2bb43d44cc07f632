import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A small upper-case caption over a value: the facts grids of cards and drawers. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}
