import { BrowserWindow, dialog } from 'electron';
import type { OpenDialog } from '../core/imports/picked-files';

/** Imports in the desktop app: main asks for the file with the OS dialog; the page gets a token, never the path. */
export function openDialogPicker(defaultDir: () => string): OpenDialog {
  return async () => {
    const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const opts = {
      title: 'Import a CSV file',
      defaultPath: defaultDir(),
      properties: ['openFile' as const],
      filters: [{ name: 'CSV', extensions: ['csv', 'txt'] }],
    };
    const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
  };
}
