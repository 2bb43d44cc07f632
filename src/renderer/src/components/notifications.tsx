import { useSyncExternalStore } from 'react';
import { Notification, Portal, Stack, Text } from '@mantine/core';
import { IconAlert, IconCheck } from './icons';

/**
 * A tiny toast store (the project ships @mantine/core only, not @mantine/notifications).
 * Errors stay until dismissed, because the requestId in them is what support needs.
 */
export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  title: string;
  message?: string;
  requestId?: string;
  requestIdLabel?: string;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function notify(toast: Omit<Toast, 'id'>): number {
  const id = nextId++;
  toasts = [...toasts.slice(-4), { ...toast, id }];
  emit();
  if (toast.kind !== 'error') setTimeout(() => dismiss(id), 4500);
  return id;
}

export function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function subscribe(cb: () => void) {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function NotificationsHost({ closeLabel }: { closeLabel: string }) {
  const list = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => toasts,
  );
  return (
    <Portal>
      <Stack
        gap="sm"
        style={{ position: 'fixed', right: 20, bottom: 20, width: 380, zIndex: 1000 }}
        role="region"
        aria-live="polite"
      >
        {list.map((t) => (
          <Notification
            key={t.id}
            data-testid={`toast-${t.kind}`}
            color={t.kind === 'error' ? 'red' : t.kind === 'success' ? 'teal' : 'brand'}
            icon={
              t.kind === 'error' ? <IconAlert size={18} /> : t.kind === 'success' ? <IconCheck size={18} /> : undefined
            }
            title={t.title}
            onClose={() => dismiss(t.id)}
            closeButtonProps={{ 'aria-label': closeLabel }}
            withBorder
            radius="md"
            style={{ boxShadow: 'var(--mantine-shadow-lg)' }}
          >
            {t.message && <Text size="sm">{t.message}</Text>}
            {t.requestId && (
              <Text size="xs" c="dimmed" ff="monospace" mt={4}>
                {t.requestIdLabel ?? 'Request ID'}: {t.requestId}
              </Text>
            )}
          </Notification>
        ))}
      </Stack>
    </Portal>
  );
}
