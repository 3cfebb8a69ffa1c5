/** Small helpers shared by the bench scripts: paths, tokens, a task pool, latency figures. */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEVELOPMENT_JWT_SECRET } from '../libs/infrastructure/src/config/app-config';

export const ROOT = join(__dirname, '..');

/** Where generation works: memory when available (durability of a scratch log is not what is measured there). */
export function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** HS256 JWT with the development secret: claims sub, pid, roles, iat, exp (12 h). */
export function mintToken(options: { partnerId: string; roles: string[]; userId?: string }): Promise<string> {
  return new SignJWT({ pid: options.partnerId, roles: options.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.userId ?? 'bench-user')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
}

/** Runs tasks with at most `concurrency` in flight; the first failure is rethrown after all settle. */
export async function runPool(tasks: Array<() => Promise<void>>, concurrency: number): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      try {
        await task();
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  if (failure) throw failure;
}

/** A port nothing listens on now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)];
}

export const fmt = (n: number) => n.toLocaleString('en-US');
