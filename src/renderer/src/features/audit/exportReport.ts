import type { Language } from '../../../../shared/contract/primitives';
import { rpc } from '../../lib/rpc';

/**
 * Asks the service for a report in a language (the person picks it; the screen offers its own first). The desktop app shows a save dialog in main (`savedTo`); the web page gets a
 * download id and fetches the file with the bridge token, then saves it as a blob.
 */
export async function exportReport(workspaceId: string, format: 'csv' | 'pdf', lang: Language): Promise<boolean> {
  return deliverExport(await rpc('report:export', { workspaceId, format, kind: 'findings', lang }));
}

/** Brings an export the service wrote to the user: nothing more in the desktop app, a download in the page. */
export async function deliverExport(r: {
  cancelled: boolean;
  downloadId: string | null;
  fileName: string;
}): Promise<boolean> {
  if (r.cancelled) return false;
  if (r.downloadId) {
    const token = sessionStorage.getItem('kad.bridgeToken') ?? '';
    const res = await fetch(`/download/${encodeURIComponent(r.downloadId)}`, { headers: { 'x-bridge-token': token } });
    if (!res.ok) throw new Error(`Download failed (${res.status})`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = r.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return true;
}
