import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { useI18n } from '../i18n';
import { IconCheck, IconCopy } from './icons';

/** A monospace id (requestId, run id) with a copy button: what support asks for. */
export function CopyId({ value, testId }: { value: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" ff="monospace" data-testid={testId} truncate style={{ maxWidth: 220 }}>
        {value}
      </Text>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('app.copied') : t('app.copy')}>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="sm"
              onClick={copy}
              aria-label={t('app.copy')}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
