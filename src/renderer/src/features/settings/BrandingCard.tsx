import {
  Alert,
  Box,
  Button,
  Card,
  ColorInput,
  Group,
  Image,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { Branding } from '../../../../shared/contract/branding';
import { accentColours, DEFAULT_ACCENT } from '../../../../shared/branding/report-colours';
import { useErrorToast, useLive } from '../../app/live';
import { notify } from '../../components/notifications';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';

/** the largest logo the service keeps (it checks again; this only answers before the bytes travel) */
const LOGO_MAX_BYTES = 64 * 1024;
const LOGO_TYPES = ['image/png', 'image/svg+xml'];
const HEX = /^#[0-9a-fA-F]{6}$/;

type Draft = { agencyName: string; preparedBy: string; accentColor: string };
type LogoDraft = { mimeType: string; base64: string; dataUrl: string } | null | undefined;

/** The chosen file's bytes as base64 (the page never sees a path; the bytes travel, checked by the service). */
async function readLogoFile(file: File): Promise<{ base64: string; dataUrl: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const base64 = btoa(binary);
  return { base64, dataUrl: `data:${file.type};base64,${base64}` };
}

/** The cover as the PDF draws it: the accent band, the logo on its white plate, the agency, client and byline. */
function CoverPreview({ draft, logoUrl, client }: { draft: Draft; logoUrl: string | null; client: string }) {
  const { t } = useI18n();
  const c = accentColours(HEX.test(draft.accentColor) ? draft.accentColor : null);
  return (
    <Box
      data-testid="branding-preview"
      aria-label={t('branding.preview')}
      style={{ background: '#ffffff', borderRadius: 8, overflow: 'hidden', border: '1px solid #ced4da', width: 300 }}
    >
      <Box p="sm" style={{ background: c.accent, color: c.onAccent, minHeight: 120 }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
          {logoUrl ? (
            <Box style={{ background: '#ffffff', borderRadius: 4, padding: 3, lineHeight: 0 }}>
              <Image src={logoUrl} alt={t('branding.logo')} h={24} w="auto" fit="contain" />
            </Box>
          ) : (
            <span />
          )}
          <Text size="xs" fw={700} truncate style={{ color: c.onAccent }}>
            {draft.agencyName}
          </Text>
        </Group>
        <Text size="xs" fw={700} style={{ color: c.onAccent }}>
          {t('branding.previewKicker')}
        </Text>
        <Text fw={700} size="lg" lh={1.2} truncate style={{ color: c.onAccent }}>
          {client}
        </Text>
        {draft.preparedBy && (
          <Text size="xs" mt={4} style={{ color: c.onAccent }}>
            {t('branding.previewBy', { name: draft.preparedBy })}
          </Text>
        )}
      </Box>
      <Text size="xs" p="xs" style={{ color: c.accentText }} fw={700}>
        {t('branding.previewHeading')}
      </Text>
    </Box>
  );
}

/**
 * The agency's identity on every report (name, who prepared it, accent colour, logo) with a preview of the cover,
 * and the client's name each workspace's reports print.
 */
export function BrandingCard() {
  const { t } = useI18n();
  const showError = useErrorToast();
  const { workspaces } = useLive();
  const loaded = useQuery('branding', () => rpc('branding:get', {}));
  const [saved, setSaved] = useState<Branding | null>(null);
  const [draft, setDraft] = useState<Draft>({ agencyName: '', preparedBy: '', accentColor: '' });
  const [logo, setLogo] = useState<LogoDraft>(undefined);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const list = (workspaces ?? []).filter((w) => !w.archived);
  const [wsId, setWsId] = useState<string | null>(null);
  const ws = list.find((w) => w.id === wsId) ?? list[0] ?? null;
  const [clientName, setClientName] = useState('');

  const reset = (b: Branding) => {
    setSaved(b);
    setDraft({ agencyName: b.agencyName ?? '', preparedBy: b.preparedBy ?? '', accentColor: b.accentColor ?? '' });
    setLogo(undefined);
    setLogoError(null);
  };
  useEffect(() => {
    if (loaded.data) reset(loaded.data);
  }, [loaded.data]);
  useEffect(() => setClientName(ws?.clientName ?? ''), [ws?.id, ws?.clientName]);

  const accentOk = !draft.accentColor || HEX.test(draft.accentColor);
  const logoUrl = logo === undefined ? (saved?.logo?.dataUrl ?? null) : (logo?.dataUrl ?? null);

  const choose = async (f: File | undefined) => {
    if (!f) return;
    setLogoError(null);
    if (!LOGO_TYPES.includes(f.type)) return setLogoError(t('branding.logoType'));
    if (f.size > LOGO_MAX_BYTES)
      return setLogoError(t('branding.logoTooLarge', { size: Math.ceil(f.size / 1024), max: LOGO_MAX_BYTES / 1024 }));
    const read = await readLogoFile(f);
    setLogo({ mimeType: f.type, ...read });
  };

  const save = async () => {
    setBusy(true);
    try {
      const next = await rpc('branding:set', {
        agencyName: draft.agencyName.trim() || null,
        preparedBy: draft.preparedBy.trim() || null,
        accentColor: draft.accentColor || null,
        ...(logo === undefined ? {} : { logo: logo ? { mimeType: logo.mimeType, base64: logo.base64 } : null }),
      });
      reset(next);
      notify({ kind: 'success', title: t('branding.saved') });
    } catch (err) {
      // a refused logo keeps the rest of the draft; the service says why in words
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const saveClient = async () => {
    if (!ws) return;
    try {
      await rpc('workspaces:setClientName', { workspaceId: ws.id, clientName: clientName.trim() || null });
      notify({ kind: 'success', title: t('branding.clientSaved') });
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Card data-testid="branding-card">
      <Title order={5} mb={4}>
        {t('branding.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="md">
        {t('branding.hint')}
      </Text>
      {loaded.error && <Alert color="red">{loaded.error.message}</Alert>}
      <Group align="flex-start" gap="xl" wrap="wrap">
        <Stack gap="sm" style={{ flex: 1, minWidth: 260 }}>
          <TextInput
            label={t('branding.agencyName')}
            data-testid="branding-agency"
            value={draft.agencyName}
            maxLength={120}
            onChange={(e) => setDraft({ ...draft, agencyName: e.currentTarget.value })}
          />
          <TextInput
            label={t('branding.preparedBy')}
            data-testid="branding-prepared-by"
            value={draft.preparedBy}
            maxLength={120}
            onChange={(e) => setDraft({ ...draft, preparedBy: e.currentTarget.value })}
          />
          <ColorInput
            label={t('branding.accent')}
            description={t('branding.accentHint')}
            data-testid="branding-accent"
            format="hex"
            placeholder={DEFAULT_ACCENT}
            value={draft.accentColor}
            error={accentOk ? undefined : t('branding.accentInvalid')}
            onChange={(v) => setDraft({ ...draft, accentColor: v })}
          />
          <div>
            <Text size="sm" fw={500}>
              {t('branding.logo')}
            </Text>
            <Text size="xs" c="dimmed" mb={6}>
              {t('branding.logoHint')}
            </Text>
            <Group gap="xs">
              <input
                ref={file}
                type="file"
                accept="image/png,image/svg+xml"
                hidden
                data-testid="branding-logo-file"
                onChange={(e) => {
                  void choose(e.currentTarget.files?.[0]);
                  e.currentTarget.value = '';
                }}
              />
              <Button variant="default" size="xs" onClick={() => file.current?.click()}>
                {t('branding.logoChoose')}
              </Button>
              {logoUrl && (
                <Button variant="subtle" color="red" size="xs" onClick={() => setLogo(null)}>
                  {t('branding.logoRemove')}
                </Button>
              )}
            </Group>
            {logoError && (
              <Text size="xs" c="red" mt={4} data-testid="branding-logo-error">
                {logoError}
              </Text>
            )}
          </div>
          <Group>
            <Button data-testid="branding-save" loading={busy} disabled={!accentOk} onClick={() => void save()}>
              {t('branding.save')}
            </Button>
          </Group>
        </Stack>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('branding.preview')}
          </Text>
          <CoverPreview draft={draft} logoUrl={logoUrl} client={clientName.trim() || ws?.name || 'Acme Ltd'} />
        </Stack>
      </Group>
      <Title order={6} mt="lg" mb={4}>
        {t('branding.clientTitle')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('branding.clientHint')}
      </Text>
      {ws ? (
        <Group align="flex-end" gap="sm">
          <Select
            label={t('branding.clientWorkspace')}
            data-testid="branding-client-workspace"
            value={ws.id}
            allowDeselect={false}
            onChange={(v) => setWsId(v)}
            data={list.map((w) => ({ value: w.id, label: w.name }))}
            w={220}
          />
          <TextInput
            label={t('branding.clientName')}
            data-testid="branding-client-name"
            placeholder={ws.name}
            value={clientName}
            maxLength={120}
            onChange={(e) => setClientName(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button variant="default" data-testid="branding-client-save" onClick={() => void saveClient()}>
            {t('app.save')}
          </Button>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('branding.noWorkspaces')}
        </Text>
      )}
    </Card>
  );
}
