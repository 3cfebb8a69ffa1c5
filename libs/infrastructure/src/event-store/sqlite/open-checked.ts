import Database from 'better-sqlite3';
import { StoreIntegrityError } from '@ledger/application';
import { checkStoreFile, eventLogFile, quickCheckProblems, storeFileFault } from '../../storage/store-file-faults';

const RESTORE = 'restore it from a backup';

/**
 * Opens the log file, refusing what is not a sound log (R21) instead of serving it, in one
 * line that names the file, the fault and what to do (store-file-faults.ts): a directory,
 * not a regular file, unreadable, read-only, or its folder not writable; and:
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
  const store = eventLogFile(file);
  checkStoreFile(store);
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw refusal(file, error);
  }
  try {
    db.pragma('schema_version');
    if (options.quickCheck) {
      const problems = quickCheckProblems(db);
      if (problems.length > 0) throw new StoreIntegrityError(`the event log ${file} is corrupt (quick_check: ${problems.join('; ').replace(/\s+/g, ' ')}); ${RESTORE}`);
    }
    return db;
  } catch (error) {
    db.close();
    throw refusal(file, error);
  }
}

/** What SQLite said while opening the log, as one refusal line (see store-file-faults.ts). */
export function refusal(file: string, error: unknown): unknown {
  return storeFileFault(eventLogFile(file), error);
}
