import { parseArgs } from 'node:util';
import { AppError } from '../shared/errors';
import { userDataDir } from '../main/core/data-folder';
import { startWebApp } from './server';

/**
 * `npm run web`: the app as a web page, for machines without Electron and for the end-to-end tests. Starts the
 * simulator with the demo data, the core on a data folder, the service and the loopback bridge, then prints the
 * page's address (the token is in the fragment, which the browser never sends over the network).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      size: { type: 'string' },
      'time-scale': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      [
        'Usage: npm run web -- [--data-dir DIR] [--port N] [--size tiny|small|medium|large|xl] [--time-scale N] [--no-build]',
        '',
        `Data folder: --data-dir, else AUDIT_DESK_DATA_DIR, else the one chosen in Settings, else ${userDataDir()}`,
        '(the desktop app and the CLI use the same one). One app process owns a data folder at a time.',
        'Keys typed into the page are kept in memory for this process only.',
        '',
      ].join('\n'),
    );
    return;
  }
  const port = values.port ? Number(values.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0–65535');
  const timeScale = values['time-scale'] ? Number(values['time-scale']) : undefined;
  const app = await startWebApp({
    dataDir: values['data-dir'],
    port,
    buildIfMissing: !values['no-build'],
    simulator: {
      ...(values.size ? { size: values.size as 'small' } : {}),
      ...(timeScale ? { timeScale } : {}),
    },
  });
  process.stdout.write(
    [
      '',
      '  Klaviyo Audit Desk (web)',
      `  data folder: ${app.dataDir}`,
      `  demo simulator: ${app.simulator.baseUrl}`,
      '',
      `  Open: ${app.server.pageUrl}`,
      '',
      '  Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`web: ${err instanceof Error ? err.message : String(err)}\n`);
  // another process owns the data folder: a distinct exit code scripts can tell from a crash
  process.exit(err instanceof AppError && err.details.reason === 'data_folder_in_use' ? 3 : 1);
});
