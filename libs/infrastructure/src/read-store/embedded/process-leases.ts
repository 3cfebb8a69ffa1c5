import Database from 'better-sqlite3';
import { join } from 'node:path';
import { LeaseGrant, LeaseHolder } from '@ledger/application';

const LEASE_NAME = /^[A-Za-z0-9_-]{1,100}$/;

interface HeldLease {
  owner: string;
  lock: Database.Database;
}

/**
 * Leases of the embedded read store, as OS locks: a lease is a SQLite file
 * `<name>.lease` in DATA_DIR on which the holder keeps a write transaction open
 * (`BEGIN IMMEDIATE`, never committed: a POSIX record lock). Nobody else, in this
 * process or another one on this host, can open a write transaction on it meanwhile,
 * and the kernel drops the lock when the holder's process ends, kill -9 included: a
 * restarted service takes the lease at once, without waiting for anything to lapse.
 * While the process lives the lock never lapses, so there is never a second holder.
 *
 * The holder's name is published in the read store (`_lease_holders`) for /health: the
 * lock file itself cannot be written without committing, which would release the lock.
 */
export class ProcessLeases {
  /** Also keeps each lock's connection referenced: a garbage-collected connection is closed, and its lock released. */
  private readonly held = new Map<string, HeldLease>();

  constructor(
    private readonly directory: string,
    private readonly readDb: Database.Database,
  ) {
    readDb.exec('CREATE TABLE IF NOT EXISTS _lease_holders (name TEXT PRIMARY KEY, owner TEXT NOT NULL, since INTEGER NOT NULL)');
  }

  tryAcquire(name: string, owner: string, now: number): LeaseGrant | null {
    const mine = this.held.get(name);
    if (mine) return mine.owner === owner ? { expiresAt: null } : null;
    const lock = this.tryLock(name);
    if (!lock) return null;
    this.held.set(name, { owner, lock });
    this.readDb
      .prepare('INSERT INTO _lease_holders (name, owner, since) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, since = excluded.since')
      .run(name, owner, now);
    return { expiresAt: null };
  }

  release(name: string, owner: string): void {
    const mine = this.held.get(name);
    if (mine?.owner !== owner) return;
    this.held.delete(name);
    this.readDb.prepare('DELETE FROM _lease_holders WHERE name = ? AND owner = ?').run(name, owner);
    mine.lock.close(); // rolls the open transaction back: the lock is free
  }

  /**
   * Held here: this owner. Else a probe: if the lock can be taken it is free (and is let go
   * at once; a contender that tried in that instant tries again on its next round);
   * otherwise the published holder.
   */
  holder(name: string): LeaseHolder | null {
    const mine = this.held.get(name);
    if (mine) return { owner: mine.owner, expiresAt: null };
    const probe = this.tryLock(name);
    if (probe) {
      probe.close();
      return null;
    }
    const row = this.readDb.prepare('SELECT owner FROM _lease_holders WHERE name = ?').get(name) as { owner: string } | undefined;
    // Between taking the lock and publishing its name, a new holder is briefly unnamed.
    return { owner: row?.owner ?? 'unknown', expiresAt: null };
  }

  releaseAll(): void {
    for (const [name, { owner }] of [...this.held]) this.release(name, owner);
  }

  private tryLock(name: string): Database.Database | null {
    if (!LEASE_NAME.test(name)) throw new Error(`invalid lease name: ${name}`);
    // timeout 0: a held lock answers SQLITE_BUSY at once instead of waiting for it.
    const lock = new Database(join(this.directory, `${name}.lease`), { timeout: 0 });
    try {
      // Nothing is ever written: no journal file on disk.
      lock.pragma('journal_mode = MEMORY');
      lock.exec('BEGIN IMMEDIATE');
      return lock;
    } catch (error) {
      lock.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
      throw error;
    }
  }
}
