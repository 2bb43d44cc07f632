import type { PendingOverlay } from '../../../../shared/contract/outbox';
import { useOutboxT } from './strings';

/**
 * The pending mark on an inventory row: the tags the queue will add or remove, shown as chips beside the name,
 * in the table's plain-element style (a themed component per cell costs too much while scrolling).
 */
export function PendingTags({ pending }: { pending: PendingOverlay }) {
  const { ot } = useOutboxT();
  return (
    <>
      {pending.tags.map((t) => (
        <span
          key={t.tag}
          className="kad-pill kad-pending"
          data-testid="pending-tag"
          data-state={pending.state}
          title={`${ot(t.present ? 'pending.tagAdd' : 'pending.tagRemove', { tag: t.tag })} · ${ot(
            pending.state === 'failed' ? 'pending.failed' : 'pending.mark',
          )}`}
          style={t.present ? undefined : { textDecoration: 'line-through' }}
        >
          {t.present ? '+' : '−'} {t.tag}
        </span>
      ))}
    </>
  );
}

/** A small clock beside the status the queue will set, with Klaviyo's current status in its title. */
export function PendingStatusMark({ pending }: { pending: PendingOverlay }) {
  const { ot, label } = useOutboxT();
  if (!pending.status) return null;
  return (
    <span
      className="kad-pending-dot"
      data-testid="pending-status"
      data-state={pending.state}
      title={`${ot(pending.state === 'failed' ? 'pending.failed' : 'pending.mark')} · ${ot('pending.status', {
        status: pending.status.synced ? label('itemStatus', pending.status.synced) : '—',
      })}`}
      aria-label={ot('pending.mark')}
    />
  );
}
