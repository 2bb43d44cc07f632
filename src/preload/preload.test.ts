import { channelNames, eventKey, eventNames } from '../shared/contract';

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as Array<[string, unknown]>,
  listeners: new Map<string, Set<(...a: unknown[]) => void>>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value),
  },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      bridge.invoked.push([channel, input]);
      return { ok: true, data: { opened: true } };
    },
    on: (ch: string, fn: (...a: unknown[]) => void) => {
      if (!bridge.listeners.has(ch)) bridge.listeners.set(ch, new Set());
      bridge.listeners.get(ch)!.add(fn);
    },
    removeListener: (ch: string, fn: (...a: unknown[]) => void) => bridge.listeners.get(ch)?.delete(fn),
  },
}));

await import('./index');

type AnyApi = Record<string, Record<string, (...a: unknown[]) => unknown>>;

describe('preload', () => {
  it('exposes exactly one object, window.api, with one function per channel and per event', () => {
    expect([...bridge.exposed.keys()]).toEqual(['api']);
    const api = bridge.exposed.get('api') as AnyApi;
    const domains = new Set(channelNames.map((c) => c.split(':')[0]!));
    expect(Object.keys(api).sort()).toEqual([...domains, 'on'].sort());
    for (const c of channelNames) {
      const [d, v] = c.split(':') as [string, string];
      expect(typeof api[d]![v], c).toBe('function');
    }
    expect(Object.keys(api.on!).sort()).toEqual(eventNames.map(eventKey).sort());
    // nothing generic: no invoke/send/on(channel) that would take a channel name from the page
    const all = Object.values(api).flatMap((o) => Object.keys(o));
    for (const generic of ['invoke', 'send', 'sendSync', 'postMessage', 'ipcRenderer'])
      expect(all).not.toContain(generic);
  });

  it('calls the fixed channel for each function', async () => {
    const api = bridge.exposed.get('api') as AnyApi;
    const r = await api.app!.openExternal!({ url: 'https://help.klaviyo.com/' });
    expect(r).toEqual({ ok: true, data: { opened: true } });
    expect(bridge.invoked).toEqual([['app:openExternal', { url: 'https://help.klaviyo.com/' }]]);
  });

  it('delivers events without the Electron event object and unsubscribes', () => {
    const api = bridge.exposed.get('api') as AnyApi;
    const got: unknown[][] = [];
    const off = api.on!.workspacesChanged!((...args: unknown[]) => got.push(args)) as () => void;
    const relay = [...bridge.listeners.get('workspaces:changed')!][0]!;
    relay({ sender: 'secret' }, { workspaceId: null, reason: 'added' });
    expect(got).toEqual([[{ workspaceId: null, reason: 'added' }]]);
    off();
    expect(bridge.listeners.get('workspaces:changed')!.size).toBe(0);
  });
});
