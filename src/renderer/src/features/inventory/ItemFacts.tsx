import { Anchor, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { InventoryDetail } from '../../../../shared/contract/inventory';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { useI18n } from '../../i18n';
import { drawerT } from './drawer-words';
import { itemFacts } from './item-facts';
import { klaviyoUrl } from './klaviyo-links';

/** A formatter of instants in the account's time zone (the person's own when the account's is unknown or odd). */
function zonedTime(locale: string, zone: string | null) {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat(locale, zone ? { ...options, timeZone: zone } : options);
  } catch {
    f = new Intl.DateTimeFormat(locale, options);
  }
  return (iso: string) => {
    const d = new Date(iso.replace(/(\.\d{3})\d+/, '$1'));
    return Number.isNaN(d.getTime()) ? iso : f.format(d);
  };
}

/** The item's facts in words (see item-facts.ts), with the zone its times are shown in. */
export function ItemFacts({ detail }: { detail: InventoryDetail }) {
  const { locale, label, fmt } = useI18n();
  const facts = useMemo(() => {
    const t = drawerT(locale);
    return itemFacts(detail, {
      t,
      time: zonedTime(locale, detail.timezone),
      number: (n) => fmt.number(n),
      status: (s) => label('itemStatus', s),
      resource: (type) => label('resources', type),
    });
  }, [detail, locale, label, fmt]);
  const t = drawerT(locale);
  return (
    <Stack gap={4}>
      <Table withRowBorders verticalSpacing={6} data-testid="drawer-attributes">
        <Table.Tbody>
          {facts.map((f) => (
            <Table.Tr key={f.key} data-fact={f.key}>
              <Table.Td w={170} style={{ verticalAlign: 'top' }}>
                <Text size="sm" c="dimmed">
                  {f.label}
                </Text>
              </Table.Td>
              <Table.Td>
                {f.lines.map((line, i) => (
                  <Text key={i} size="sm" style={{ overflowWrap: 'anywhere' }} lineClamp={6}>
                    <bdi>{line}</bdi>
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {detail.timezone && (
        <Text size="xs" c="dimmed" data-testid="drawer-timezone">
          {t('fact.timezone', { zone: detail.timezone })}
        </Text>
      )}
    </Stack>
  );
}

/** "Open in Klaviyo": a plain https link; the desktop shell hands it to the vetted openExternal. */
export function OpenInKlaviyo({ type, id }: { type: ResourceType; id: string }) {
  const { locale } = useI18n();
  const url = klaviyoUrl(type, id);
  if (!url) return null;
  return (
    <Anchor href={url} target="_blank" rel="noopener noreferrer" size="xs" data-testid="open-in-klaviyo">
      {drawerT(locale)('openInKlaviyo')} ↗
    </Anchor>
  );
}
