import Database from 'better-sqlite3';
import { checkStoreFile, eventLogFile, storeFileFault } from '../../storage/store-file-faults';

/**
 * Opens the log file, refusing what is not a sound log (R21) instead of serving it, in one
 * line that names the file, the fault and what to do (store-file-faults.ts): a directory,
 * not a regular file, unreadable, read-only, or its folder not writable; and:
 * - zero bytes: SQLite would take it for a new, empty database (a fresh log beside read
 *   models built from the lost one). A log written here is never empty: its first open
 *   writes the WAL header at once.
 * - not a database (garbled header): SQLITE_NOTADB on the first statement.
 * Damaged pages in the middle of the file are the service's start-up check
 * (storage/damaged-pages.ts), not the CLI's.
 */
export function openCheckedDatabase(file: string): Database.Database {
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
