import type { CliIo } from '../io';

/**
 * One CLI verb. `run` gets the arguments after the verb (global flags such as --json and --data-dir are already
 * taken out and available on `io.globals`) and returns the exit code. Throw an AppError for failures: main
 * prints it as the error envelope on stderr and exits 1.
 */
export type CliCommand = {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
};
