import { createWebBridge, readToken } from './index';

/**
 * Entry of the web build: installs the HTTP bridge as `window.api` (where the desktop app has its preload),
 * then starts the renderer unchanged.
 */
const token = readToken() ?? '';
window.api = createWebBridge({ token });
void import('../../renderer/src/main');
