import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../../../shared/errors';

/** Above this a snapshot's JSON is stored gzip-compressed. */
export const GZIP_ABOVE_BYTES = 100 * 1024;
/** A snapshot whose JSON is larger than this is refused: the run is recorded, its snapshot is not. */
export const MAX_SNAPSHOT_BYTES = 10 * 1024 * 1024;

export type EncodedSnapshot = {
  encoding: 'json' | 'json+gzip';
  /** sha256 of the JSON text (before compression), so a check covers the decompression too */
  sha256: string;
  /** bytes of the JSON text */
  sizeBytes: number;
  content: Buffer;
};

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Above this a snapshot is compressed at zlib's fastest level: an import's bulk request is up to 5 MB of JSON, and
 * at the default level compressing the requests of one flush takes seconds on the thread that answers the screens
 * (the bytes stored are a little larger; reading them is the same).
 */
export const FAST_GZIP_ABOVE_BYTES = 1024 * 1024;

/** JSON, compressed above 100 KB, with its checksum; throws `storage`/`snapshot_too_large` above 10 MB. */
export function encodeSnapshot(value: unknown, what: string): EncodedSnapshot {
  return encodeSnapshotJson(JSON.stringify(value), what);
}

/**
 * `encodeSnapshot` of a value already written as JSON text, or as that text's UTF-8 bytes (a big one is not parsed
 * only to be written again)
 */
export function encodeSnapshotJson(text: string | Uint8Array, what: string): EncodedSnapshot {
  const json =
    typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  if (json.length > MAX_SNAPSHOT_BYTES) {
    throw new AppError(
      'storage',
      `The snapshot of ${what} is ${(json.length / 1024 / 1024).toFixed(1)} MB, above the 10 MB a snapshot may hold, so it was not kept. The run itself is recorded.`,
      { details: { reason: 'snapshot_too_large', sizeBytes: json.length, limitBytes: MAX_SNAPSHOT_BYTES } },
    );
  }
  const gzip = json.length > GZIP_ABOVE_BYTES;
  return {
    encoding: gzip ? 'json+gzip' : 'json',
    sha256: sha256(json),
    sizeBytes: json.length,
    content: gzip ? gzipSync(json, json.length > FAST_GZIP_ABOVE_BYTES ? { level: 1 } : {}) : json,
  };
}

/**
 * The snapshot's value, after checking its bytes against the checksum written with it. A changed byte is a
 * `storage`/`snapshot_corrupt` error naming the snapshot, never a silently different value.
 */
export function decodeSnapshot(
  row: { id: number; runId: number; encoding: string; sha256: string; content: Buffer | null },
  requestId = '',
): unknown {
  const corrupt = (why: string) =>
    new AppError(
      'storage',
      `The snapshot of run ${row.runId} is damaged (${why}); it cannot be read. The run's summary is unaffected.`,
      { details: { reason: 'snapshot_corrupt', snapshotId: row.id, runId: row.runId }, requestId },
    );
  if (!row.content) throw corrupt('no content was kept');
  let json: Buffer;
  try {
    json = row.encoding === 'json+gzip' ? gunzipSync(row.content) : row.content;
  } catch {
    throw corrupt('it does not decompress');
  }
  if (sha256(json) !== row.sha256) throw corrupt('its checksum does not match');
  try {
    return JSON.parse(json.toString('utf8')) as unknown;
  } catch {
    throw corrupt('it is not JSON');
  }
}
