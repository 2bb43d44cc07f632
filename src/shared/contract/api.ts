import { channels, channelNames, type ChannelInput, type ChannelName, type ChannelOutput } from './channels';
import { resultSchema, type Result } from './envelope';
import { eventNames, events, type EventName, type EventPayload } from './events';

/**
 * Builds the page-facing API object from two transport functions. The preload passes functions over
 * ipcRenderer, the web bridge passes functions over HTTP/SSE: the page gets the same typed shape either way.
 *
 * Outputs and event payloads are validated here too (the contract is checked on both ends); a reply that does
 * not match becomes a `malformed_response` failure instead of reaching the screens half-formed.
 */

type Domain<C extends string> = C extends `${infer D}:${string}` ? D : never;
type Verb<C extends string> = C extends `${string}:${infer V}` ? V : never;

export type ChannelFn<C extends ChannelName> =
  undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;
export type Unsubscribe = () => void;

/** `sync:progress` → `syncProgress` */
type EventKey<E extends string> = E extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : never;

export type AppApi = {
  [D in Domain<ChannelName>]: {
    [C in ChannelName as Domain<C> extends D ? Verb<C> : never]: ChannelFn<C>;
  };
} & {
  on: { [E in EventName as EventKey<E>]: (listener: EventListener<E>) => Unsubscribe };
};

export type Invoke = (channel: ChannelName, input: unknown) => Promise<unknown>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => Unsubscribe;

export function eventKey(event: EventName): string {
  const [domain, verb] = event.split(':') as [string, string];
  return domain + verb.charAt(0).toUpperCase() + verb.slice(1);
}

function transportFailure(channel: string, message: string): Result<never> {
  return {
    ok: false,
    error: { code: 'malformed_response', message, details: { channel }, requestId: '' },
  };
}

export type CreateApiOptions = {
  invoke: Invoke;
  subscribe: Subscribe;
  /** default true; switch off only where the reply was validated by the same process */
  validateOutputs?: boolean;
  /** where an invalid event payload is reported (default console.warn) */
  onInvalid?: (what: string, detail: unknown) => void;
};

export function createApi(opts: CreateApiOptions): AppApi {
  const validate = opts.validateOutputs ?? true;
  const onInvalid = opts.onInvalid ?? ((what, detail) => console.warn(`[api] invalid ${what}`, detail));
  const api: Record<string, Record<string, unknown>> = { on: {} };

  for (const channel of channelNames) {
    const [domain, verb] = channel.split(':') as [string, string];
    const schema = resultSchema(channels[channel].output);
    const fn = async (input?: unknown): Promise<Result<unknown>> => {
      let raw: unknown;
      try {
        raw = await opts.invoke(channel, input === undefined ? {} : input);
      } catch (err) {
        return {
          ok: false,
          error: {
            code: 'network',
            message: err instanceof Error ? err.message : 'The app did not answer.',
            details: { channel },
            requestId: '',
          },
        };
      }
      if (!validate) return raw as Result<unknown>;
      const parsed = schema.safeParse(raw);
      if (parsed.success) return parsed.data as Result<unknown>;
      onInvalid(`reply on ${channel}`, parsed.error.issues);
      return transportFailure(channel, 'The app sent a reply this page does not understand.');
    };
    (api[domain] ??= {})[verb] = fn;
  }

  for (const event of eventNames) {
    const schema = events[event];
    api.on![eventKey(event)] = (listener: (payload: unknown) => void): Unsubscribe => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return opts.subscribe(event, (payload) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data);
        else onInvalid(`event ${event}`, parsed.error.issues);
      });
    };
  }
  return api as unknown as AppApi;
}
