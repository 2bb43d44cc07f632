import { Group, Stack, Text } from '@mantine/core';

/** One setting: its label and hint on the left, its control on the right. */
export function SettingRow({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xl" py={4}>
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Stack>
      <div style={{ flex: 'none' }}>{children}</div>
    </Group>
  );
}
