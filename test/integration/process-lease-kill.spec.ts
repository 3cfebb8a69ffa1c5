import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';

const ROOT = join(__dirname, '..', '..');

/** Resolves with the child's first stdout line. */
async function firstLine(child: ChildProcess): Promise<string> {
  child.stdout!.setEncoding('utf8');
  let buffered = '';
  for await (const chunk of child.stdout!) {
    buffered += chunk;
    if (buffered.includes('\n')) return buffered.split('\n')[0];
  }
  throw new Error(`the child exited (${child.exitCode}) before it said anything`);
}

describe('embedded read store: a process lease is an OS lock that dies with its process', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  let store: EmbeddedReadStore | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-lease-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused to another process while its holder lives, and free the instant the holder is killed with SIGKILL', async () => {
    const readFile = join(dir, 'read.db');
    // `node --import tsx` runs the script in this very process: SIGKILL hits the holder itself.
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/lease-child.ts'), readFile, 'worker'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const owner = `child-${child.pid}`;
    expect(await firstLine(child)).toBe(`held ${owner}`);

    store = EmbeddedReadStore.open(readFile);
    const decadeLater = Date.now() + 10 * 365 * 86_400_000;
    expect(await store.tryAcquireLease('worker', 'survivor', decadeLater, 1000)).toBeNull();
    expect(await store.leaseHolder('worker')).toEqual({ owner, expiresAt: null });

    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    expect(await exited).toEqual([null, 'SIGKILL']);
    const killedAt = performance.now();
    // No ttl to wait out: the kernel released the lock with the process.
    expect(await store.leaseHolder('worker')).toBeNull();
    expect(await store.tryAcquireLease('worker', 'survivor', Date.now(), 1000)).toEqual({ expiresAt: null });
    console.log(`process lease taken ${(performance.now() - killedAt).toFixed(1)} ms after its holder was killed`);
    expect(await store.leaseHolder('worker')).toEqual({ owner: 'survivor', expiresAt: null });
  }, 60_000);
});
