import { runSimCli } from '../../sim/cli';
import type { CliCommand } from './types';

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'start the Klaviyo simulator (prints its base URL and keys; runs until Ctrl-C)',
  usage: 'sim [--port 0] [--size small] [--seed 1] [--time-scale 1] [--fixture f.json] [--faults f.json] [--keys 1]',
  async run(argv, io) {
    const { stopped } = await runSimCli(io.globals.json ? [...argv, '--json'] : argv, {
      out: io.out,
      err: io.err,
      handleSignals: true,
    });
    await stopped;
    return 0;
  },
};
