import { z } from 'zod';
import { channels, channelNames } from './channels';
import { eventKey } from './api';
import { eventNames, events } from './events';

/**
 * Renders the contract as a readable reference (CHANNELS.md): for each channel the `window.api` call, and the
 * input and output as TypeScript-like types derived from the zod schemas. A test keeps the file in step with
 * the schemas, so the reference cannot drift from the code.
 */

type Json = { [k: string]: unknown };

function render(s: Json | boolean | undefined, indent: string): string {
  if (s === undefined || s === true) return 'unknown';
  if (s === false) return 'never';
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const parts = ((s.anyOf ?? s.oneOf) as Json[]).map((p) => render(p, indent));
    return [...new Set(parts)].join(' | ');
  }
  if (s.const !== undefined) return JSON.stringify(s.const).replace(/"/g, "'");
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v).replace(/"/g, "'")).join(' | ');
  const type = s.type;
  if (Array.isArray(type)) return type.map((t) => render({ ...s, type: t }, indent)).join(' | ');
  switch (type) {
    case 'string': {
      const limits = [
        s.minLength !== undefined ? `min ${s.minLength}` : '',
        s.maxLength !== undefined ? `max ${s.maxLength}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return limits ? `string /* ${limits} */` : 'string';
    }
    case 'integer':
    case 'number': {
      const safe = (n: unknown) => n !== undefined && Math.abs(n as number) < Number.MAX_SAFE_INTEGER;
      const limits = [safe(s.minimum) ? `≥ ${s.minimum}` : '', safe(s.maximum) ? `≤ ${s.maximum}` : '']
        .filter(Boolean)
        .join(', ');
      const base = type === 'integer' ? 'integer' : 'number';
      return limits ? `number /* ${base} ${limits} */` : type === 'integer' ? 'number /* integer */' : 'number';
    }
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = render(s.items as Json, indent);
      return `Array<${item}>${s.maxItems !== undefined ? ` /* max ${s.maxItems} */` : ''}`;
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const keys = Object.keys(props);
      if (!keys.length) {
        const extra = s.additionalProperties;
        if (extra && typeof extra === 'object') return `Record<string, ${render(extra as Json, indent)}>`;
        return '{}';
      }
      const required = new Set((s.required ?? []) as string[]);
      const inner = indent + '  ';
      const lines = keys.map((k) => `${inner}${k}${required.has(k) ? '' : '?'}: ${render(props[k], inner)};`);
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    default:
      return 'unknown';
  }
}

function typeOf(schema: z.ZodType, io: 'input' | 'output'): string {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return render(json, '');
}

export function describeContract(): string {
  const out: string[] = [
    '# The IPC contract (generated)',
    '',
    'Generated from `src/shared/contract` by `describeContract()`; `contract.test.ts` fails when this file is out of',
    'date (regenerate: `npx tsx src/shared/contract/write-channels-md.ts`).',
    '',
    'Every call returns `Result<Output>` = `{ ok: true, data: Output } | { ok: false, error: { code, message, details, requestId } }`',
    'and never throws. Inputs are strict: unknown keys (including `__proto__`, `constructor`) are refused with a',
    '`validation` error. Times are ISO-8601 strings.',
    '',
    '## Requests',
    '',
  ];
  for (const name of channelNames) {
    const [d, v] = name.split(':') as [string, string];
    out.push(`### \`${name}\` — \`window.api.${d}.${v}(input)\``, '');
    out.push(
      '```ts',
      `input: ${typeOf(channels[name].input, 'input')}`,
      `output: ${typeOf(channels[name].output, 'output')}`,
      '```',
      '',
    );
  }
  out.push('## Events', '');
  for (const name of eventNames) {
    out.push(`### \`${name}\` — \`window.api.on.${eventKey(name)}(listener) → unsubscribe\``, '');
    out.push('```ts', `payload: ${typeOf(events[name], 'output')}`, '```', '');
  }
  return out.join('\n');
}

/** The reference as it is stored: formatted with the project's Prettier settings (so `npm run lint` agrees). */
export async function describeContractFormatted(file: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(describeContract(), { ...options, filepath: file });
}
