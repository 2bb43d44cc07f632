import { events, type EventName, type EventPayload } from '../../../shared/contract';
import type { Logger } from '../log';

export type EventBus = {
  /** checks the payload against the contract (a payload that breaks it is logged and dropped), then delivers it */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
  clear(): void;
};

/** The service's events, one bus for every transport: IPC forwards them, the bridge streams them, the CLI prints. */
export function createEventBus(logger: Logger): EventBus {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  return {
    emit(event, payload) {
      const parsed = events[event].safeParse(payload);
      if (!parsed.success) {
        logger.error('event payload breaks the contract; dropped', { event, issues: parsed.error.issues });
        return;
      }
      for (const l of listeners) {
        try {
          l(event, parsed.data);
        } catch (err) {
          logger.warn('event listener failed', { event, error: (err as Error).message });
        }
      }
    },
    on(event, listener) {
      const wrapped = (e: EventName, p: unknown) => {
        if (e === event) listener(p as EventPayload<typeof event>);
      };
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
