import type { CliIo } from '../io';

/** One flag of a verb, as `--help` explains it. */
export type CliFlag = {
  /** `--workspace NAME`, `--json` */
  flag: string;
  text: string;
};

/**
 * One CLI verb (or one subcommand of a verb). `run` gets the arguments after the verb (global flags such as
 * --json and --data-dir are already taken out and available on `io.globals`) and returns the exit code; it asks
 * the service through `io.call(channel, input)` and formats the answer, nothing more. Throw an AppError for
 * failures: main prints it once (a line of text, or the envelope with --json) and exits 1.
 *
 * `--help` is answered from `summary`, `usage`, `flags` and `example` before `run` is reached.
 */
export type CliCommand = {
  name: string;
  /** one line: what the verb is for */
  summary: string;
  usage: string;
  flags: CliFlag[];
  example: string;
  /** verbs such as `workspace` are a table of subcommands; `run` of the parent is then not used */
  subcommands?: CliCommand[];
  run(argv: string[], io: CliIo): Promise<number>;
};
