export { startBridgeServer, TOKEN_HEADER, type BridgeServer, type BridgeServerOptions } from './bridge-server';
export { DownloadRegistry } from './downloads';
export { startWebApp, buildWebPage, WEB_OUT_DIR, type WebApp, type WebAppOptions } from './web-app';
