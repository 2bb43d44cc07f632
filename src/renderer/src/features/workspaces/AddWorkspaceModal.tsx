import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
} from '@mantine/core';
import { Name } from '../../components/Name';
import { useState } from 'react';
import type { KeyCheck } from '../../../../shared/contract/workspaces';
import type { ErrorEnvelope } from '../../../../shared/errors';
import { notify } from '../../components/notifications';
import { IconAlert, IconCheck, IconKey } from '../../components/icons';
import { useI18n } from '../../i18n';
import { toEnvelope } from '../../lib/errors';
import { rpc } from '../../lib/rpc';

/**
 * Name + key → live check (account and scopes shown) → stored. The key lives only in this component's state
 * until it is handed to the service; it is cleared when the modal closes.
 */
export function AddWorkspaceModal({
  opened,
  onClose,
  onAdded,
}: {
  opened: boolean;
  onClose: () => void;
  onAdded: (workspaceId: string) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [advanced, setAdvanced] = useState(false);
  const [check, setCheck] = useState<KeyCheck | null>(null);
  const [error, setError] = useState<ErrorEnvelope | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; key?: string }>({});
  const [busy, setBusy] = useState<'check' | 'add' | null>(null);

  const reset = () => {
    setName('');
    setKey('');
    setBaseUrl('');
    setAdvanced(false);
    setCheck(null);
    setError(null);
    setFieldErrors({});
    setBusy(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const validate = (needName: boolean) => {
    const fe: { name?: string; key?: string } = {};
    if (needName && !name.trim()) fe.name = t('addWorkspace.nameRequired');
    if (!key.trim()) fe.key = t('addWorkspace.keyRequired');
    else if (!key.trim().startsWith('pk_')) fe.key = t('addWorkspace.keyShape');
    setFieldErrors(fe);
    return Object.keys(fe).length === 0;
  };

  const doCheck = async () => {
    if (!validate(false)) return;
    setBusy('check');
    setError(null);
    setCheck(null);
    try {
      setCheck(await rpc('workspaces:checkKey', { apiKey: key.trim(), baseUrl: baseUrl.trim() || undefined }));
    } catch (err) {
      setError(toEnvelope(err));
    } finally {
      setBusy(null);
    }
  };

  const doAdd = async () => {
    if (!validate(true)) return;
    setBusy('add');
    setError(null);
    try {
      const res = await rpc('workspaces:add', {
        name: name.trim(),
        apiKey: key.trim(),
        baseUrl: baseUrl.trim() || undefined,
      });
      notify({ kind: 'success', title: t('addWorkspace.added', { name: res.workspace.name }) });
      reset();
      onAdded(res.workspace.id);
    } catch (err) {
      setError(toEnvelope(err));
      setBusy(null);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{t('addWorkspace.title')}</Text>} size="lg" centered>
      <form
        data-testid="add-workspace-form"
        onSubmit={(e) => {
          e.preventDefault();
          void (check ? doAdd() : doCheck());
        }}
      >
        <Stack gap="md">
          <TextInput
            data-autofocus
            data-testid="add-name"
            label={t('addWorkspace.nameLabel')}
            placeholder={t('addWorkspace.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldErrors.name}
            maxLength={100}
            required
          />
          <PasswordInput
            data-testid="add-key"
            label={t('addWorkspace.keyLabel')}
            description={t('addWorkspace.keyDescription')}
            placeholder={t('addWorkspace.keyPlaceholder')}
            leftSection={<IconKey size={16} />}
            value={key}
            onChange={(e) => {
              setKey(e.currentTarget.value);
              setCheck(null);
              setError(null);
            }}
            error={fieldErrors.key}
            autoComplete="off"
            spellCheck={false}
            required
          />
          <div>
            <Anchor
              component="button"
              type="button"
              size="xs"
              c="dimmed"
              onClick={() => setAdvanced((a) => !a)}
              data-testid="add-advanced"
              aria-expanded={advanced}
            >
              {advanced ? '▾' : '▸'} {t('addWorkspace.advanced')}
            </Anchor>
            {advanced && (
              <TextInput
                mt="xs"
                data-testid="add-base-url"
                label={t('addWorkspace.baseUrlLabel')}
                description={t('addWorkspace.baseUrlHint')}
                placeholder="https://a.klaviyo.com"
                value={baseUrl}
                onChange={(e) => {
                  setBaseUrl(e.currentTarget.value);
                  setCheck(null);
                }}
                spellCheck={false}
              />
            )}
          </div>
          {error && (
            <Alert
              data-testid="add-error"
              color="red"
              variant="light"
              icon={<IconAlert size={18} />}
              title={
                error.code === 'auth' || error.code === 'forbidden' ? t('addWorkspace.rejected') : t('errors.title')
              }
            >
              <Text size="sm">{error.message}</Text>
              {error.requestId && (
                <Text size="xs" c="dimmed" ff="monospace" mt={6}>
                  {t('errors.requestIdLine', { requestId: error.requestId })}
                </Text>
              )}
            </Alert>
          )}
          {check && (
            <Alert
              data-testid="key-check"
              color="teal"
              variant="light"
              icon={<IconCheck size={18} />}
              title={t('addWorkspace.keyOk')}
            >
              <Stack gap={8}>
                <Group gap={6}>
                  <Text size="sm" c="dimmed">
                    {t('addWorkspace.accountLabel')}:
                  </Text>
                  <Text size="sm" fw={600} data-testid="key-account">
                    <Name value={check.accountName} />
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {check.accountId}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {t('addWorkspace.scopesLabel')}
                </Text>
                <Group gap={4}>
                  {check.scopes.map((s) => (
                    <Badge key={s} size="sm" variant="outline" color="teal" tt="none">
                      {s}
                    </Badge>
                  ))}
                </Group>
                <MissingScopes scopes={check.missingScopes} label={t('addWorkspace.missingScopes')} testId="missing" />
                <Text size="sm" c="dimmed">
                  {t('addWorkspace.writeScopesLabel')}
                </Text>
                <Group gap={4} data-testid="write-scopes">
                  {check.writeScopes.map((s) => (
                    <Badge key={s} size="sm" variant="outline" color="teal" tt="none">
                      {s}
                    </Badge>
                  ))}
                </Group>
                <MissingScopes
                  scopes={check.missingWriteScopes}
                  label={t('addWorkspace.missingWriteScopes')}
                  testId="missing-write"
                />
                {check.unknownWriteScopes.length > 0 && (
                  <Text size="xs" c="dimmed" data-testid="unknown-write-scopes">
                    {t('addWorkspace.unknownWriteScopes', { scopes: check.unknownWriteScopes.join(', ') })}
                  </Text>
                )}
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('app.cancel')}
            </Button>
            {!check ? (
              <Button type="submit" data-testid="check-key" loading={busy === 'check'}>
                {t('addWorkspace.check')}
              </Button>
            ) : (
              <Button type="submit" data-testid="confirm-add" loading={busy === 'add'}>
                {t('addWorkspace.add')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Scopes the key lacks, flagged in orange under the ones it has. */
function MissingScopes({ scopes, label, testId }: { scopes: string[]; label: string; testId: string }) {
  if (!scopes.length) return null;
  return (
    <Stack gap={4} data-testid={`${testId}-scopes`}>
      <Group gap={6}>
        <ThemeIcon size={16} color="orange" variant="transparent">
          <IconAlert size={14} />
        </ThemeIcon>
        <Text size="sm" c="orange">
          {label}
        </Text>
      </Group>
      <Group gap={4}>
        {scopes.map((s) => (
          <Badge key={s} size="sm" variant="outline" color="orange" tt="none">
            {s}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}
