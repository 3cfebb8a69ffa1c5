/**
 * Child process for the lease kill test: takes a lease of the embedded read store in
 * DATA_DIR, prints `held <owner>`, then lives until it is killed. Run with `node --import tsx`.
 */
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';

async function main(): Promise<void> {
  const [readFile, lease] = process.argv.slice(2);
  const store = EmbeddedReadStore.open(readFile);
  const owner = `child-${process.pid}`;
  const grant = await store.tryAcquireLease(lease, owner, Date.now(), 1000);
  process.stdout.write(grant ? `held ${owner}\n` : 'refused\n');
  // Keeps the store (and its lock's connection) referenced: a collected connection is closed, and its lock with it.
  setInterval(() => store.kind, 60_000);
}

void main();
