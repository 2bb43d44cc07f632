import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * A small JSON document on disk, validated on read and replaced atomically on write (temp file + rename), so a
 * crash mid-write leaves either the old or the new file, never half of one. A file that does not parse or no
 * longer matches the schema is moved aside (`.corrupt-<time>`) and the defaults are used: settings must never
 * stop the app from starting.
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
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }
}
