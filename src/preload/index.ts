import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApi } from '../shared/contract/api';

/**
 * The page's only door to the app: `window.api`, one function per contract channel and one typed subscription
 * per event, built by the same `createApi` the web bridge uses. Channel names are fixed here, so the page cannot
 * reach any other IPC channel, and listeners never see the Electron event object (it would leak `sender`).
 * Bundled into one CommonJS file: a sandboxed preload cannot load modules from node_modules.
 */
const api = createApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (event, listener) => {
    const relay = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, relay);
    return () => {
      ipcRenderer.removeListener(event, relay);
    };
  },
});

contextBridge.exposeInMainWorld('api', api);
