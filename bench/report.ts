/** Figures and the results file (bench/results/latest.md). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Latency } from './latency';
import { fmt, ROOT } from './support';

export interface Figure {
  figure: string;
  value: string | number;
  goal: string;
  met: boolean | null; // null: no verdict (a reference figure, or a measurement cut short)
}

export const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms` : 'n/a');

/** "p99 X ms (p50 Y ms, n=N)" or "> budget" when not one request answered in time. */
export function latencyFigure(figure: string, l: Latency, goalMs: number, budgetSeconds: number, note = ''): Figure {
  if (l.count === 0) {
    const why = l.timedOut ? `no answer within ${budgetSeconds} s` : l.firstError ? `no 2xx answer: ${l.firstError}` : 'no samples';
    return { figure, value: `> ${budgetSeconds} s (${why})`, goal: `p99 < ${goalMs} ms`, met: false };
  }
  const parts = [`p50 ${ms(l.p50)}`, `n=${fmt(l.count)}`];
  if (l.capped) parts.push(`capped at ${budgetSeconds} s`);
  if (l.errors) parts.push(`${fmt(l.errors)} non-2xx: ${l.firstError}`);
  if (l.timedOut) parts.push(`a request took > ${budgetSeconds} s`);
  if (note) parts.push(note);
  return { figure, value: `p99 ${ms(l.p99)} (${parts.join(', ')})`, goal: `p99 < ${goalMs} ms`, met: l.p99 < goalMs && !l.timedOut };
}

export interface ReportContext {
  size: string;
  events: number;
  customers: number;
  subscriptions: number;
  eventsByType: Record<string, number>;
  generation: { seconds: number; eventsPerSecond: number; date: string };
  commit: string;
  seconds: number;
}

const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(figures: Figure[]): string[] {
  return [
    '| figure | measured | goal | met |',
    '|---|---|---|---|',
    ...figures.map((f) => `| ${cell(f.figure)} | ${cell(f.value)} | ${cell(f.goal)} | ${f.met === null ? '—' : f.met ? 'yes' : '**no**'} |`),
  ];
}

export function writeReport(context: ReportContext, sections: Array<{ title: string; figures: Figure[] }>): string {
  const lines = [
    '# Benchmark results',
    '',
    `- date: ${new Date().toISOString()}, commit ${context.commit}, run took ${Math.round(context.seconds)} s`,
    `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${process.platform} ${process.arch}`,
    `- log: \`${context.size}\`, ${fmt(context.events)} events, ${fmt(context.customers)} customers, ${fmt(context.subscriptions)} subscriptions (generated ${context.generation.date} through the real command path at ${fmt(context.generation.eventsPerSecond)} events/s, ${Math.round(context.generation.seconds)} s)`,
    `- events by type: ${Object.entries(context.eventsByType).map(([type, n]) => `${type} ${fmt(n)}`).join(', ')}`,
    '- latencies are client-observed over HTTP/1.1 keep-alive on the same machine, warm-up excluded; a figure that ran out of its time budget says so',
    '',
  ];
  for (const section of sections) lines.push(`## ${section.title}`, '', ...table(section.figures), '');
  const file = join(ROOT, 'bench', 'results', 'latest.md');
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(file, lines.join('\n'));
  return file;
}
