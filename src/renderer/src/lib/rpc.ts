import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract/channels';
import type { EventName, EventPayload } from '../../../shared/contract/events';
import { ApiError, type Result } from '../../../shared/contract/envelope';
import { eventKey } from '../../../shared/contract/api';

/**
 * The renderer's only door to the service: `window.api`, installed by the preload (desktop) or the web bridge
 * (page). Screens call `rpc(channel, input)` and get data or an ApiError carrying the envelope.
 */
type AnyFn = (input?: unknown) => Promise<Result<unknown>>;
type AnyApi = Record<string, Record<string, AnyFn> | undefined> & {
  on?: Record<string, (cb: (payload: unknown) => void) => () => void>;
};

function api(): AnyApi {
  const a = (window as unknown as { api?: AnyApi }).api;
  if (!a) throw new ApiError({ code: 'internal', message: 'window.api is missing', details: {}, requestId: '' });
  return a;
}

export async function rpc<C extends ChannelName>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const [domain, verb] = channel.split(':') as [string, string];
  const fn = api()[domain]?.[verb];
  if (!fn) throw new ApiError({ code: 'internal', message: `No API for ${channel}`, details: {}, requestId: '' });
  const r = await fn(input ?? {});
  if (r.ok) return r.data as ChannelOutput<C>;
  throw new ApiError(r.error);
}

export function on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
  const subscribe = api().on?.[eventKey(event)];
  if (!subscribe) return () => undefined;
  return subscribe(cb as (p: unknown) => void);
}
