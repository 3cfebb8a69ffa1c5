import { Worker } from 'node:worker_threads';
import { StoreIntegrityError } from '@ledger/application';
import { StoreFile } from './store-file-faults';

/**
 * PRAGMA quick_check(5) on its own connection, in a worker thread (plain JavaScript, so it
 * runs the same from the sources and from dist/). It reads every page of the file: seconds
 * for a GB, during which the api still answers /health (apps/api/src/startup).
 */
const QUICK_CHECK_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  const rows = db.pragma('quick_check(5)');
  parentPort.postMessage({ problems: rows.map((row) => row.quick_check).filter((line) => line !== 'ok') });
} catch (error) {
  const code = error && typeof error.code === 'string' ? error.code : null;
  // It may also stop at a page it cannot read at all: that is a finding, not a failure to check.
  if (code && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) parentPort.postMessage({ problems: [code + ': ' + error.message] });
  else parentPort.postMessage({ failure: (code ? code + ': ' : '') + String(error && error.message) });
} finally {
  if (db) db.close();
}`;

/** What quick_check reports on the file (empty when sound); rejects when it could not run. */
export function quickCheck(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(QUICK_CHECK_THREAD_SOURCE, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3') } });
    worker.once('message', (answer: { problems?: string[]; failure?: string }) => (answer.problems ? resolve(answer.problems) : reject(new Error(answer.failure))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the quick_check thread exited (${code}) without an answer`)));
  });
}

/**
 * R21, at service start: refuses (StoreIntegrityError, one line) a store file with damaged
 * pages, which opening it does not notice (a garbled page in the middle of the file).
 */
export async function refuseDamagedPages(store: StoreFile): Promise<void> {
  const problems = await quickCheck(store.file);
  if (problems.length > 0) throw new StoreIntegrityError(`${store.subject} is corrupt (quick_check: ${problems.join('; ').replace(/\s+/g, ' ')}); ${store.restore}`);
}
