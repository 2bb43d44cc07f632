import { AppError, toErrorEnvelope } from '../../../shared/errors';
import type { NewSnapshotRow, Store } from '../store';
import { encodeSnapshot, encodeSnapshotJson } from './snapshot-codec';

/**
 * Stores one snapshot of a run. One above the size limit is refused and the refusal is what gets recorded (the
 * run itself is untouched either way). Returns the refusal, if any. `value` may be given as its JSON text (or its
 * UTF-8 bytes).
 */
export function writeSnapshot(
  store: Store,
  base: Pick<NewSnapshotRow, 'runId' | 'workspaceId' | 'resource' | 'klaviyoId' | 'versionHash' | 'createdAt'>,
  value: unknown,
  requestId: string,
  form: 'value' | 'json' = 'value',
): AppError | null {
  try {
    const what = `run ${base.runId}`;
    const enc = form === 'json' ? encodeSnapshotJson(value as string | Uint8Array, what) : encodeSnapshot(value, what);
    store.snapshots.insertSnapshot({ ...base, ...enc, errorJson: null });
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    err.requestId ||= requestId;
    store.snapshots.insertSnapshot({
      ...base,
      encoding: 'json',
      sha256: '',
      sizeBytes: Number(err.details.sizeBytes ?? 0),
      content: null,
      errorJson: JSON.stringify(toErrorEnvelope(err, requestId)),
    });
    return err;
  }
}
