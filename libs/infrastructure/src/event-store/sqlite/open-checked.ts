import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { StoreIntegrityError } from '@ledger/application';

const RESTORE = 'restore it from a backup';

/**
 * Opens the log file, refusing what is not a sound log (R21) instead of serving it:
 * - zero bytes: SQLite would take it for a new, empty database (a fresh log beside read
 *   models built from the lost one). A log written here is never empty: its first open
 *   writes the WAL header at once.
 * - not a database (garbled header): SQLITE_NOTADB on the first statement.
 * - with `quickCheck`: PRAGMA quick_check, which reads every page and checks the b-tree
 *   structure (a garbled page in the middle), without the slower index-content checks of
 *   integrity_check. Its cost grows with the file: see README "When the service refuses
 *   to start" for a measure; the service runs it once at start, not the CLI.
 */
export function openCheckedDatabase(file: string, options: { quickCheck?: boolean } = {}): Database.Database {
  if (existsSync(file) && statSync(file).size === 0) {
    throw new StoreIntegrityError(
      `the event log ${file} is empty (0 bytes): the log was lost or truncated; ${RESTORE} (or, to start a new log, move it away together with the read models)`,
    );
  }
  const db = new Database(file);
  try {
    db.pragma('schema_version');
    if (options.quickCheck) {
      const problems = quickCheck(db);
      if (problems.length > 0) throw new StoreIntegrityError(`the event log ${file} is corrupt (quick_check: ${problems.join('; ').replace(/\s+/g, ' ')}); ${RESTORE}`);
    }
    return db;
  } catch (error) {
    db.close();
    throw refusal(file, error);
  }
}

/** What quick_check reports (it may also stop at a page it cannot read at all): empty when sound. */
function quickCheck(db: Database.Database): string[] {
  try {
    return (db.pragma('quick_check(5)') as Array<{ quick_check: string }>).map((row) => row.quick_check).filter((line) => line !== 'ok');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) return [`${code}: ${(error as Error).message}`];
    throw error;
  }
}

export function refusal(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new StoreIntegrityError(`the event log ${file} is not a readable database (${code}: ${(error as Error).message}); ${RESTORE}`);
  }
  return error;
}
