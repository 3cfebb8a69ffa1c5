import { parseArgs } from 'node:util';
import { compareLogs, copyLog, describeBrokenLink, EventStore, isLogImportTarget, LogImportTarget, verifyLog } from '@ledger/application';
import { AppConfig, asRefusal, openEventStore, openEventStoreOrRefuse, parseAppConfig, storeNames } from '@ledger/infrastructure';
import { eventTotal, progressBar } from '../progress';
import { assertEmbeddedLogExists } from '../stores';

const USAGE = 'usage: npm run cli -- migrate-log --to <EVENTSTORE_URL, e.g. esdb://localhost:2113?tls=false>';

/**
 * EventStoreDB at `--to`, reached once without asking its identity: asking makes one in an
 * empty log, which must receive the copied log's instead.
 */
function openTarget(config: AppConfig): Promise<EventStore> {
  const { eventLog } = storeNames(config);
  return asRefusal(`the event log in ${eventLog}`, 'check that the server runs and can be reached, and that --to is right', async () => {
    const store = await openEventStore(config);
    try {
      await store.headPosition();
      return store;
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  });
}

/** The embedded log in DATA_DIR (which must exist) and EventStoreDB at `--to`, closed again after `work`. */
async function withLogs<T>(config: AppConfig, work: (source: EventStore, target: EventStore & LogImportTarget) => Promise<T>): Promise<T> {
  assertEmbeddedLogExists(config);
  const source = await openEventStoreOrRefuse({ ...config, eventStoreUrl: null });
  let target: EventStore;
  try {
    target = await openTarget(config);
  } catch (error) {
    await source.close();
    throw error;
  }
  try {
    if (!isLogImportTarget(target)) throw new Error(`the ${target.kind} event store cannot take a copied log`);
    return await work(source, target);
  } finally {
    await Promise.allSettled([source.close(), target.close()]);
  }
}

/** The copy checked whole: the same events in the same order, and every hash chain intact in the target. */
async function verifyCopy(source: EventStore, target: EventStore): Promise<boolean> {
  const comparison = await compareLogs(source, target);
  const chains = await verifyLog(target);
  const unhashed = chains.unhashed > 0 ? `; ${chains.unhashed} event(s) from before hashing, copied unhashed` : '';
  if (comparison.differences === 0) {
    console.log(`verified: the target holds the same ${comparison.targetEvents} events in the same order (ids, streams, revisions, data, metadata and hashes)`);
  } else {
    console.log(
      `NOT verified: ${comparison.differences} difference(s) (source ${comparison.sourceEvents} events, target ${comparison.targetEvents}); first: ${comparison.first}`,
    );
  }
  console.log(
    chains.broken === 0
      ? `hash chains: every chain of the ${chains.streams} streams intact in the target${unhashed}`
      : `hash chains: ${chains.broken} broken link(s) in the target; first: ${describeBrokenLink(chains.first!)}${unhashed}`,
  );
  return comparison.differences === 0 && chains.broken === 0;
}

/**
 * `migrate-log --to <EVENTSTORE_URL>`: the embedded log (DATA_DIR/events.db) copied into
 * EventStoreDB, then verified. Safe to interrupt and run again: it resumes where the
 * target stands, never storing an event twice. Exit 1 when the copy does not verify.
 */
export async function migrateLogCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
  if (!values.to) throw new Error(USAGE);
  const config = parseAppConfig({ ...process.env, EVENTSTORE_URL: values.to });
  const { eventLog } = storeNames({ ...config, eventStoreUrl: null });
  const target = storeNames(config).eventLog;
  return withLogs(config, async (source, destination) => {
    process.stderr.write(`copying ${eventLog} into ${target} (interrupt at will; run the same command again to resume)\n`);
    const total = await eventTotal(source);
    const bar = progressBar('migrate-log', total);
    const started = Date.now();
    const report = await copyLog(source, destination, {
      onProgress: ({ processed }) => bar.update(processed, Math.round(processed / Math.max((Date.now() - started) / 1000, 0.001))),
    }).finally(() => bar.stop());
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`copied ${report.copied} event(s) in ${seconds} s; ${report.processed - report.copied} were there already (log ${report.identity})`);
    const verified = await verifyCopy(source, destination);
    if (verified) console.log(`next: rebuild the read models from it, e.g. EVENTSTORE_URL='${values.to}' MONGODB_URL=<url> npm run cli -- rebuild`);
    return verified ? 0 : 1;
  });
}
