import { redactValue, redactString } from './redact';
import { createRotatingFileSink } from './file-sink';
import type { LogSink } from './sink';

export type { LogSink };

export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** a logger whose every line carries `fields` too (e.g. `{ requestId, workspaceId }`) */
  child(fields: LogFields): Logger;
  isEnabled(level: LogLevel): boolean;
  /** closes the sinks this logger opened (the file); sinks passed in stay the caller's */
  close(): void;
}

export type CreateLoggerOptions = {
  /** append to this file (rotating by size); its folder is created */
  file?: string;
  maxBytes?: number;
  maxFiles?: number;
  /** minimum level written (default 'info', or AUDIT_DESK_LOG_LEVEL when set) */
  level?: LogLevel;
  /** an extra destination, e.g. `memorySink()` in tests or `streamSink(process.stderr)` */
  sink?: LogSink;
  /** fields on every line */
  fields?: LogFields;
  clock?: () => Date;
};

const RESERVED = new Set(['time', 'level', 'msg']);

function rank(level: LogLevel): number {
  return logLevels.indexOf(level);
}

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const v = value?.trim().toLowerCase();
  return (logLevels as readonly string[]).includes(v ?? '') ? (v as LogLevel) : undefined;
}

/**
 * Structured JSON-lines logger: `{"time","level","msg","requestId",…fields}`, one object per line,
 * every string redacted (see redact.ts) before it reaches any sink. Logging never throws: a failing
 * sink must not turn a sync into an error.
 */
export function createLogger(opts: CreateLoggerOptions = {}): Logger {
  const sinks: LogSink[] = [];
  const owned: LogSink[] = [];
  if (opts.file) {
    const fileSink = createRotatingFileSink({ file: opts.file, maxBytes: opts.maxBytes, maxFiles: opts.maxFiles });
    sinks.push(fileSink);
    owned.push(fileSink);
  }
  if (opts.sink) sinks.push(opts.sink);
  // Neither given: stderr, so that nothing is silently dropped.
  if (sinks.length === 0) sinks.push(streamSink(process.stderr));

  const level = opts.level ?? parseLogLevel(process.env.AUDIT_DESK_LOG_LEVEL) ?? 'info';
  const clock = opts.clock ?? (() => new Date());

  const emit = (lvl: LogLevel, msg: string, bound: LogFields, fields: LogFields | undefined) => {
    if (rank(lvl) < rank(level)) return;
    let line: string;
    try {
      const merged = redactValue({ ...bound, ...fields }) as LogFields;
      const record: Record<string, unknown> = {
        time: clock().toISOString(),
        level: lvl,
        msg: redactString(String(msg)),
      };
      if (merged.requestId !== undefined) record.requestId = merged.requestId;
      for (const [k, v] of Object.entries(merged)) {
        if (k === 'requestId') continue;
        record[RESERVED.has(k) ? `field_${k}` : k] = v;
      }
      line = JSON.stringify(record);
    } catch (err) {
      line = JSON.stringify({
        time: new Date().toISOString(),
        level: 'error',
        msg: 'log line could not be serialised',
        original: redactString(String(msg)),
        error: redactString(err instanceof Error ? err.message : String(err)),
      });
    }
    for (const sink of sinks) {
      try {
        sink.write(line);
      } catch {
        // A full disk or closed stream must not break the caller; the other sinks still get the line.
      }
    }
  };

  const make = (bound: LogFields): Logger => ({
    level,
    debug: (msg, fields) => emit('debug', msg, bound, fields),
    info: (msg, fields) => emit('info', msg, bound, fields),
    warn: (msg, fields) => emit('warn', msg, bound, fields),
    error: (msg, fields) => emit('error', msg, bound, fields),
    child: (fields) => make({ ...bound, ...fields }),
    isEnabled: (lvl) => rank(lvl) >= rank(level),
    close: () => {
      for (const s of owned) s.close?.();
    },
  });

  return make({ ...opts.fields });
}

/** Collects lines in memory (tests, diagnostics). */
export function memorySink(): LogSink & { lines: string[]; records(): Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    lines,
    write: (line) => void lines.push(line),
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Writes lines to a stream such as process.stderr. */
export function streamSink(stream: NodeJS.WritableStream): LogSink {
  return { write: (line) => void stream.write(`${line}\n`) };
}

/** A logger that writes nothing (for callers that truly want silence, stated explicitly). */
export function nullLogger(): Logger {
  return createLogger({ sink: { write: () => {} } });
}
