import type { ScheduleTrigger } from '../core/schedule';

export type PowerMonitorLike = {
  on(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
};

/**
 * Tells the daily scheduler when time may have passed or the network came back: resume from sleep, screen
 * unlock (macOS/Windows), the user becoming active (macOS), and the network returning. Main has no online event,
 * so `isOnline` (Electron's `net.isOnline()`) is polled and a false → true change is the trigger.
 */
export function watchSystemEvents(opts: {
  powerMonitor: PowerMonitorLike;
  isOnline: () => boolean;
  onTrigger: (t: ScheduleTrigger) => void;
  pollMs?: number;
}): () => void {
  const handlers: Array<[string, () => void]> = [
    ['resume', () => opts.onTrigger('resume')],
    ['unlock-screen', () => opts.onTrigger('unlock')],
    ['user-did-become-active', () => opts.onTrigger('unlock')],
  ];
  for (const [e, h] of handlers) opts.powerMonitor.on(e, h);
  let online = opts.isOnline();
  const timer = setInterval(() => {
    const now = opts.isOnline();
    if (now && !online) opts.onTrigger('online');
    online = now;
  }, opts.pollMs ?? 30_000);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    for (const [e, h] of handlers) opts.powerMonitor.removeListener(e, h);
  };
}
