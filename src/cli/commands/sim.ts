import type { CliCommand } from './types';

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'start the Klaviyo simulator on loopback (prints its base URL and keys; runs until Ctrl-C)',
  usage:
    'sim [--port 0] [--host 127.0.0.1] [--size small] [--seed 1] [--time-scale 1] [--fixture f.json] [--faults f.json] [--keys 1] [--daily-state f.json] [--log]',
  flags: [
    { flag: '--port N', text: 'the port to listen on (0: any free port)' },
    { flag: '--host H', text: 'the address to listen on (default 127.0.0.1)' },
    { flag: '--size S', text: 'how much generated data: tiny, small, medium, large, xl' },
    { flag: '--seed N', text: 'the seed of the generated data (same seed, same data)' },
    { flag: '--time-scale N', text: 'every rate-limit window N times shorter (the client must use the same)' },
    { flag: '--fixture FILE', text: "serve this account's resources (JSON) instead of generated data" },
    { flag: '--faults FILE', text: 'inject faults (errors, slow pages) described in this JSON file' },
    { flag: '--keys N', text: 'serve N generated accounts, each with its own keys, data and limits' },
    { flag: '--daily-state FILE', text: "keep the reporting budget's daily use in this file across restarts" },
    { flag: '--log', text: 'print one line per request on stderr (never the key)' },
  ],
  example: 'npm run cli -- sim --size small --time-scale 60 --json',
  async run(argv, io) {
    const { runSimCli } = await import('../../sim/cli');
    const { stopped } = await runSimCli(io.globals.json ? [...argv, '--json'] : argv, {
      out: io.out,
      err: io.err,
      handleSignals: true,
    });
    await stopped;
    return 0;
  },
};
