/**
 * First boot over the whole log with no read models: events.db alone is copied into a
 * fresh DATA_DIR and the built service started. Times until /health answers, /health
 * latency while the read models catch up (one request in flight, every 20 ms), and the
 * time until every read model has caught up. The service is left running for the next
 * figures.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Figure, ms } from './report';
import { caughtUp, Service } from './service';
import { fmt, percentile, sleep } from './support';

export interface FirstBoot {
  figures: Figure[];
  service: Service;
  dataDir: string;
  caughtUp: boolean;
}

export async function measureFirstBoot(cachedLog: string, budgetSeconds: number): Promise<FirstBoot> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-boot-'));
  copyFileSync(join(cachedLog, 'events.db'), join(dataDir, 'events.db'));
  const service = await Service.start(dataDir);
  const seconds = () => Number(process.hrtime.bigint() - service.startedAt) / 1e9;
  let firstAnswer: number | null = null;
  // The answer of the app itself (not the api's start-up answer while it checks its stores).
  let firstAppAnswer: number | null = null;
  let done: number | null = null;
  const latencies: number[] = [];
  let status = '';
  while (seconds() < budgetSeconds && !service.exited) {
    try {
      const answer = await service.request('GET', '/health', { timeoutMs: budgetSeconds * 1000 });
      if (firstAnswer === null) firstAnswer = seconds();
      if (firstAppAnswer === null && answer.body?.details?.startup === undefined) firstAppAnswer = seconds();
      latencies.push(answer.ms);
      if (caughtUp(answer.body)) {
        done = seconds();
        break;
      }
      status = JSON.stringify(answer.body?.details?.readStore?.projections ?? answer.body).slice(0, 300);
    } catch {
      /* not listening yet */
    }
    await sleep(20);
  }
  if (service.exited) throw new Error(`the service exited during first boot: see ${join(dataDir, 'service.log')}`);
  if (done === null) console.log(`  first boot: not caught up after ${budgetSeconds} s (${status})`);
  const sorted = latencies.slice(1).sort((a, b) => a - b); // the first answer is the one timed as "answers"
  const figures: Figure[] = [
    {
      figure: 'first boot, no read models: time until /health answers',
      value: firstAnswer === null ? `> ${budgetSeconds} s` : `${firstAnswer.toFixed(2)} s`,
      goal: 'within 2 s',
      met: firstAnswer !== null && firstAnswer < 2,
    },
    {
      figure: 'first boot: time until the app answers /health (after the start-up checks of the stores)',
      value: firstAppAnswer === null ? `> ${budgetSeconds} s` : `${firstAppAnswer.toFixed(2)} s`,
      goal: '(reported)',
      met: null,
    },
    {
      figure: 'first boot: /health latency while catching up',
      value: sorted.length
        ? `p99 ${ms(percentile(sorted, 99))} (p50 ${ms(percentile(sorted, 50))}, max ${ms(sorted.at(-1)!)}, n=${fmt(sorted.length)})`
        : firstAnswer === null
          ? 'no answer'
          : `no answer before caught up (first answer at ${firstAnswer.toFixed(2)} s, already caught up)`,
      goal: 'p99 < 100 ms',
      met: sorted.length ? percentile(sorted, 99) < 100 : firstAnswer !== null && firstAnswer < 2,
    },
    {
      figure: 'first boot: time until every read model caught up',
      value: done === null ? `> ${budgetSeconds} s (budget)` : `${done.toFixed(1)} s`,
      goal: '(reported)',
      met: null,
    },
  ];
  return { figures, service, dataDir, caughtUp: done !== null };
}
