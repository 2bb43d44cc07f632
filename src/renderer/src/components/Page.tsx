import { Box, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The standard page frame: title row with actions, then content, at a readable max width. */
export function Page({
  title,
  subtitle,
  actions,
  above,
  children,
  testId,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  above?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Box px={32} py={28} maw={1400} mx="auto" data-testid={testId}>
      <Stack gap="lg">
        <Stack gap={6}>
          {above}
          <Group justify="space-between" align="flex-end" wrap="nowrap" gap="md">
            <Box style={{ minWidth: 0 }}>
              <Title order={2} fz={26} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm" mt={4} component="div">
                  {subtitle}
                </Text>
              )}
            </Box>
            {actions && (
              <Group gap="sm" wrap="nowrap" style={{ flex: 'none' }}>
                {actions}
              </Group>
            )}
          </Group>
        </Stack>
        {children}
      </Stack>
    </Box>
  );
}
