import { showControls } from '../../../shared/text';

/**
 * A name from Klaviyo (or typed by a user) on screen: its own direction run, so it cannot reorder the text around
 * it, with its control characters written out, so it cannot disguise itself.
 */
export function Name({ value, className }: { value: string | null | undefined; className?: string }) {
  return <bdi className={className}>{value == null ? value : showControls(value)}</bdi>;
}
