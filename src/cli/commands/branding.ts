import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AccentColorSchema, type Branding } from '../../shared/contract/branding';
import { AppError } from '../../shared/errors';
import type { CliIo } from '../io';
import type { CliCommand } from './types';

/** the logo's type by its file name: the service checks the bytes are what the name says */
const LOGO_TYPES: Record<string, string> = { '.png': 'image/png', '.svg': 'image/svg+xml' };

function readLogo(file: string): { mimeType: string; base64: string } {
  const mimeType = LOGO_TYPES[path.extname(file).toLowerCase()];
  if (!mimeType)
    throw new AppError('validation', `--logo must be a .png or .svg file; "${path.basename(file)}" is neither.`, {
      details: { flag: 'logo' },
    });
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    throw new AppError('validation', `Cannot read the logo file ${file}: ${(err as NodeJS.ErrnoException).code}.`, {
      details: { flag: 'logo' },
    });
  }
  return { mimeType, base64: data.toString('base64') };
}

/** Branding as the CLI prints it: the logo by its type and size, not its bytes. */
function brief(b: Branding) {
  return { ...b, logo: b.logo ? { mimeType: b.logo.mimeType, bytes: b.logo.bytes } : null };
}

function show(io: CliIo, b: Branding, lead: string): void {
  const logo = b.logo
    ? `${b.logo.mimeType === 'image/png' ? 'PNG' : 'SVG'}, ${Math.ceil(b.logo.bytes / 1024)} KB`
    : '—';
  io.print(
    [
      lead,
      `Agency name:  ${b.agencyName ?? '—'}`,
      `Prepared by:  ${b.preparedBy ?? '—'}`,
      `Accent:       ${b.accentColor ?? '— (the report’s own)'}`,
      `Logo:         ${logo}`,
    ].join('\n'),
    brief(b),
  );
}

const get: CliCommand = {
  name: 'get',
  summary: "show the agency's branding on every report (cover and footers)",
  usage: 'branding get',
  flags: [],
  example: 'npm run cli -- branding get --json',
  async run(argv, io) {
    parseArgs({ args: argv, options: {}, strict: true });
    show(io, await io.call('branding:get', {}), 'Branding on every report:');
    return 0;
  },
};

const set: CliCommand = {
  name: 'set',
  summary: "set the agency's branding: what is given changes, an empty value clears it",
  usage:
    'branding set [--agency-name NAME] [--prepared-by NAME] [--accent #RRGGBB] [--logo FILE.png|FILE.svg] [--no-logo]',
  flags: [
    { flag: '--agency-name NAME', text: 'the agency on the cover and in the footers ("" clears it)' },
    { flag: '--prepared-by NAME', text: 'who prepared the report, on the cover ("" clears it)' },
    { flag: '--accent #RRGGBB', text: 'the cover band and headings colour ("" returns to the report’s own)' },
    { flag: '--logo FILE', text: 'a PNG or SVG logo of at most 64 KB, on the cover' },
    { flag: '--no-logo', text: 'remove the logo' },
  ],
  example: 'npm run cli -- branding set --agency-name "North Star" --accent "#0b7285" --logo logo.svg',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        'agency-name': { type: 'string' },
        'prepared-by': { type: 'string' },
        accent: { type: 'string' },
        logo: { type: 'string' },
        'no-logo': { type: 'boolean' },
      },
      strict: true,
    });
    if (values.logo !== undefined && values['no-logo'])
      throw new AppError('validation', 'Give --logo FILE or --no-logo, not both.', { details: { flag: 'logo' } });
    const patch = {
      ...(values['agency-name'] !== undefined ? { agencyName: values['agency-name'] || null } : {}),
      ...(values['prepared-by'] !== undefined ? { preparedBy: values['prepared-by'] || null } : {}),
      ...(values.accent !== undefined ? { accentColor: values.accent || null } : {}),
      ...(values.logo !== undefined ? { logo: readLogo(path.resolve(values.logo)) } : {}),
      ...(values['no-logo'] ? { logo: null } : {}),
    };
    if (values.accent && !AccentColorSchema.safeParse(values.accent).success)
      throw new AppError('validation', `--accent must be a colour as #rrggbb (e.g. #0b7285), not "${values.accent}".`, {
        details: { flag: 'accent', value: values.accent },
      });
    if (!Object.keys(patch).length)
      throw new AppError('validation', 'Nothing to set: give at least one of the flags (see branding set --help).', {
        details: { flag: null },
      });
    show(io, await io.call('branding:set', patch), 'Branding saved:');
    return 0;
  },
};

const subcommands = [get, set];

export const brandingCommand: CliCommand = {
  name: 'branding',
  summary: "show or set the agency's branding on reports (name, prepared by, accent colour, logo)",
  usage: `branding <${subcommands.map((s) => s.name).join('|')}> [options]`,
  flags: [],
  example: 'npm run cli -- branding get',
  subcommands,
  async run(argv) {
    throw new AppError(
      'validation',
      `Unknown branding command "${argv[0] ?? ''}": use one of ${subcommands.map((s) => s.name).join(', ')} (each has --help).`,
      { details: { command: argv[0] ?? null } },
    );
  },
};
