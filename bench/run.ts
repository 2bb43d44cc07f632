/**
 * `npm run bench [-- name…]`: runs every bench/*.bench.ts (or the ones whose name contains an
 * argument) one after another, and prints each measurement next to the baseline it was measured
 * against in the same run. Ratios, not absolute times, are what we compare: the machines are
 * shared and noisy. Results also go to bench-results/latest.json.
 */
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(3);
}

async function main(): Promise<void> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    console.error(`no benchmark matches ${filters.join(', ')}`);
    process.exit(1);
  }
  const all: Array<BenchRow & { suite: string }> = [];
  let failed = false;
  for (const file of files) {
    const suite = file.replace(/\.bench\.ts$/, '');
    console.log(`\n▶ ${suite}`);
    const t0 = Date.now();
    try {
      const mod = (await import(pathToFileURL(path.join(here, file)).href)) as {
        default: () => Promise<BenchRow[]>;
      };
      const rows = await mod.default();
      for (const row of rows) {
        all.push({ ...row, suite });
        const base = row.baseline ? `  vs ${row.baseline.name}: ${fmt(row.baseline.value)} ${row.unit}` : '';
        const ratio = row.ratio !== undefined ? `  ratio ${fmt(row.ratio)}` : '';
        const goal = row.goal ? `  goal ${row.goal}` : '';
        const verdict = row.pass === undefined ? '' : row.pass ? '  ✔' : '  ✖';
        console.log(`  ${row.name}: ${fmt(row.value)} ${row.unit}${base}${ratio}${goal}${verdict}`);
      }
    } catch (err) {
      failed = true;
      console.error(`  ✖ ${suite} failed:`, err instanceof Error ? err.stack : err);
    }
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  }
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    path.join('bench-results', 'latest.json'),
    JSON.stringify({ at: new Date().toISOString(), rows: all }, null, 2),
  );
  const missed = all.filter((r) => r.pass === false);
  console.log(
    `\nbench: ${all.length} measurements, ${missed.length} goals missed${failed ? ', some suites failed' : ''}`,
  );
  process.exit(failed ? 1 : 0);
}

void main();
