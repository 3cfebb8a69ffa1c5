import { parseArgs } from 'node:util';
import { ALL_PROJECTIONS, describeBrokenLink, EventStore, Projection, rebuildProjections, verifyLog, verifyProjections } from '@ledger/application';
import { eventTotal, progressBar } from '../progress';
import { withStores } from '../stores';

function selected(name: string | undefined): Projection[] {
  if (!name) return ALL_PROJECTIONS;
  const projection = ALL_PROJECTIONS.find((p) => p.name === name);
  if (!projection) throw new Error(`no projection "${name}"; projections are ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
  return [projection];
}

const names = (projections: Projection[]) => projections.map((p) => p.name).join(', ');

/** `rebuild [--projection <name>]`: one pass over the log into fresh collections, with a progress bar, then swap. */
export async function rebuildCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { projection: { type: 'string' } } });
  const projections = selected(values.projection);
  return withStores(async (stores) => {
    const bar = progressBar('rebuild', await eventTotal(stores.eventStore));
    const started = Date.now();
    const checkpoint = await rebuildProjections(stores, projections, { onProgress: ({ processed, eventsPerSecond }) => bar.update(processed, eventsPerSecond) });
    bar.stop();
    console.log(`${names(projections)}: rebuilt up to ${checkpoint ?? 'the empty log'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  }, { existingLog: true });
}

/** R21: every hash chain of the log; the count of broken links (the first one is named). */
async function verifyChains(eventStore: EventStore): Promise<number> {
  const report = await verifyLog(eventStore);
  const unhashed = report.unhashed > 0 ? `; ${report.unhashed} older event(s) written before hashing, not covered` : '';
  console.log(
    report.first === null
      ? `event log: OK (${report.checked} events in ${report.streams} streams, every hash chain intact${unhashed})`
      : `event log: ${report.broken} broken link(s) in the hash chains; first: ${describeBrokenLink(report.first)}${unhashed}`,
  );
  return report.broken;
}

/** `verify`: check the log's hash chains, then rebuild every read model aside and report any difference from the live one. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { projection: { type: 'string' } } });
  const projections = selected(values.projection);
  return withStores(async (stores) => {
    const brokenLinks = await verifyChains(stores.eventStore);
    const bar = progressBar('verify', await eventTotal(stores.eventStore));
    const reports = await verifyProjections(stores, projections, { onProgress: ({ processed, eventsPerSecond }) => bar.update(processed, eventsPerSecond) });
    bar.stop();
    let failures = 0;
    for (const report of reports) {
      const problems = report.missing.length + report.extra.length + report.different.length + report.counters.length;
      failures += problems;
      console.log(
        problems === 0
          ? `${report.projection}: OK (${report.checked} documents identical)`
          : `${report.projection}: ${problems} difference(s): missing ${JSON.stringify(report.missing)}, extra ${JSON.stringify(report.extra)}, different ${JSON.stringify(report.different)}, counters ${JSON.stringify(report.counters)}`,
      );
    }
    return failures === 0 && brokenLinks === 0 ? 0 : 1;
  }, { existingLog: true });
}
