import { randomUUID } from 'node:crypto';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames, type Result } from '../../shared/contract';
import type { Logger } from '../core/log';
import type { Service } from '../core/service';
import { isAppUrl } from './security';

const guarded = new WeakSet<IpcMain>();
const passes = new WeakMap<IpcMain, number>();

/**
 * After this, `ipcMain.handle` throws unless the call comes from `handle()` below: a handler registered any
 * other way would skip the sender check and the validation (Daintree's ipcGuard pattern).
 */
export function installIpcGuard(ipcMain: IpcMain): void {
  if (guarded.has(ipcMain)) return;
  const original = ipcMain.handle.bind(ipcMain);
  ipcMain.handle = ((channel: string, listener: Parameters<IpcMain['handle']>[1]) => {
    if (!passes.get(ipcMain)) {
      throw new Error(`ipcMain.handle('${channel}') called directly; register IPC handlers through handle()`);
    }
    return original(channel, listener);
  }) as IpcMain['handle'];
  guarded.add(ipcMain);
}

export type IpcOptions = {
  ipcMain: IpcMain;
  service: Service;
  logger: Logger;
  /** origin of the app's own pages (`app://desk`, or the dev server's in development) */
  appOrigin: string;
};

function refused(message: string): Result<never> {
  return { ok: false, error: { code: 'forbidden', message, details: {}, requestId: `req_${randomUUID()}` } };
}

/** The sender must be the main frame of one of our own pages. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url, appOrigin);
}

/**
 * The one way to answer the page: checks the sender, hands the raw input to the service (which validates it with
 * the channel's schema) and returns its envelope. Fails at registration time if the guard is not installed.
 */
export function handle(opts: IpcOptions, channel: string): void {
  const { ipcMain, service, logger, appOrigin } = opts;
  if (!guarded.has(ipcMain)) throw new Error('installIpcGuard() must run before any IPC handler is registered');
  passes.set(ipcMain, (passes.get(ipcMain) ?? 0) + 1);
  try {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event, appOrigin)) {
        logger.warn('ipc call from an untrusted frame refused', {
          channel,
          url: event.senderFrame?.url?.slice(0, 200) ?? null,
        });
        return refused('This request did not come from the app.');
      }
      return service.call(channel, input);
    });
  } finally {
    passes.set(ipcMain, (passes.get(ipcMain) ?? 1) - 1);
  }
}

/** Registers every contract channel, and returns the list (the drift test compares it with the contract). */
export function registerContractHandlers(opts: IpcOptions): string[] {
  for (const channel of channelNames) handle(opts, channel);
  return [...channelNames];
}

/** Forwards the service's events to our windows (and only to pages of our own origin). */
export function forwardEvents(service: Service, targets: () => WebContents[], appOrigin: string): () => void {
  return service.onAny((event, payload) => {
    for (const wc of targets()) {
      if (!wc.isDestroyed() && isAppUrl(wc.getURL(), appOrigin)) wc.send(event, payload);
    }
  });
}
