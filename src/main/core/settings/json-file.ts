import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { PRIVATE_DIR_MODE, writePrivateFile } from '../private-files';

/**
 * A small JSON document on disk, validated on read and replaced atomically on write (temp file + rename), so a
 * crash mid-write leaves either the old or the new file, never half of one. A file that does not parse or no
 * longer matches the schema is moved aside (`.corrupt-<time>`) and the defaults are used: settings must never
 * stop the app from starting. The file is its owner's only (0600): it names the data folder and the user's choices.
 */
export class JsonFile<S extends z.ZodType> {
  constructor(
    readonly file: string,
    private readonly schema: S,
    private readonly defaults: () => z.output<S>,
  ) {}

  read(): { value: z.output<S>; recovered: boolean } {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { value: this.defaults(), recovered: false };
      throw err;
    }
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      if (parsed.success) return { value: parsed.data, recovered: false };
    } catch {
      // fall through to recovery
    }
    try {
      renameSync(this.file, `${this.file}.corrupt-${Date.now()}`);
    } catch {
      // if even that fails, the next write replaces it
    }
    return { value: this.defaults(), recovered: true };
  }

  write(value: z.output<S>): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    writePrivateFile(this.file, JSON.stringify(value, null, 2) + '\n');
  }
}
