/** Where finished lines go. `line` is one JSON document without the trailing newline. */
export type LogSink = { write(line: string): void; close?(): void };
