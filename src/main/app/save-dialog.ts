import { BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import type { ExportTarget } from '../core/service/ports';

/** Reports in the desktop app: main asks where to save with the OS dialog; the page never names a path. */
export function saveDialogTarget(defaultDir: () => string): ExportTarget {
  return {
    async choose(fileName, mimeType) {
      const ext = path.extname(fileName).slice(1);
      const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const opts = {
        title: 'Save report',
        defaultPath: path.join(defaultDir(), fileName),
        filters: [{ name: mimeType.startsWith('application/pdf') ? 'PDF' : 'CSV', extensions: [ext] }],
      };
      const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      if (r.canceled || !r.filePath) return null;
      return { file: r.filePath, downloadId: null };
    },
  };
}
