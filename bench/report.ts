/** Prints the figures of the benchmark: a table per database, then the same as Markdown for BENCHMARKS.md. */
import type { LoadOptions, LoadStats } from './load.js';

export type Outcome =
  | { database: string; serverVersion: string; page: LoadStats; bare: LoadStats }
  | { database: string; failure: string };

/** Ratio page / bare route (requests per second) expected on PostgreSQL. */
export const TARGET_RATIO = 0.5;

const rps = (s: LoadStats) => s.requestsPerSecond.toFixed(0);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (o: { page: LoadStats; bare: LoadStats }) => o.page.requestsPerSecond / o.bare.requestsPerSecond;

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

export function printReport(outcomes: Outcome[], settings: LoadOptions): void {
  const widths = [28, 8, 9, 9, 9, 8];
  console.log(`\n=== Résultats (${settings.connections} connexions, ${settings.seconds} s par cible) ===`);
  for (const o of outcomes) {
    if ('failure' in o) {
      console.log(`\n${o.database} : NON MESURÉ — ${o.failure}`);
      continue;
    }
    console.log(`\n${o.database} ${o.serverVersion}`);
    console.log(row(['', 'req/s', 'p50', 'p95', 'p99', 'requêtes'], widths));
    for (const [label, s] of [['Page /tableau-de-bord', o.page], ['Route Fastify nue', o.bare]] as const) {
      console.log(row([label, rps(s), ms(s.p50), ms(s.p95), ms(s.p99), String(s.requests)], widths));
    }
    const r = ratio(o);
    const verdict = o.database === 'PostgreSQL' ? (r >= TARGET_RATIO ? ' (objectif ≥ 0,5 atteint)' : ' (objectif ≥ 0,5 NON atteint)') : '';
    console.log(`Ratio page / route nue (req/s) : ${r.toFixed(2)}${verdict}`);
  }

  console.log('\nMarkdown :\n');
  console.log('| Base | Cible | req/s | p50 | p95 | p99 | Ratio page / nue |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const o of outcomes) {
    if ('failure' in o) {
      console.log(`| ${o.database} | non mesuré | | | | | |`);
      continue;
    }
    const line = (label: string, s: LoadStats, last: string) =>
      `| ${o.database} ${o.serverVersion} | ${label} | ${rps(s)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${last} |`;
    console.log(line('page `/tableau-de-bord`', o.page, `**${ratio(o).toFixed(2)}**`));
    console.log(line('route Fastify nue', o.bare, ''));
  }
}
