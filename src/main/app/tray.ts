import { Menu, Tray, nativeImage } from 'electron';
import type { ShellMessages } from './messages';

export type TrayActions = { syncAll(): void; open(): void; quit(): void };
export type TrayHandle = {
  update(status: { level: string; tooltip: string }, syncing: boolean): void;
  destroy(): void;
};

/**
 * Tray icon with status at a glance (tooltip, and an attention variant of the icon) and the three actions the
 * product asks for. Kept in the caller's module scope: a collected Tray disappears.
 */
export function createTray(
  icons: { normal: string; attention: string },
  actions: TrayActions,
  t: () => ShellMessages,
): TrayHandle {
  const normal = nativeImage.createFromPath(icons.normal);
  const attention = nativeImage.createFromPath(icons.attention);
  if (process.platform === 'darwin') {
    normal.setTemplateImage(true);
  }
  const tray = new Tray(normal);
  const menu = (syncing: boolean) =>
    Menu.buildFromTemplate([
      { label: syncing ? t().menuSyncing : t().menuSyncAll, enabled: !syncing, click: () => actions.syncAll() },
      { label: t().menuOpen, click: () => actions.open() },
      { type: 'separator' },
      { label: t().menuQuit, click: () => actions.quit() },
    ]);
  tray.setContextMenu(menu(false));
  tray.setToolTip('Klaviyo Audit Desk');
  // single click opens the window where the platform gives clicks to the app (not macOS: there it opens the menu)
  if (process.platform !== 'darwin') tray.on('click', () => actions.open());
  return {
    update(status, syncing) {
      tray.setToolTip(status.tooltip);
      tray.setImage(status.level === 'attention' ? attention : normal);
      tray.setContextMenu(menu(syncing));
    },
    destroy: () => tray.destroy(),
  };
}
