/**
 * The SQLite event store's writer, run in a worker thread (`new Worker(source, { eval:
 * true })`): plain JavaScript, so it runs the same under tsc output, ts-jest and tsx.
 *
 * It owns the only writing connection (WAL, synchronous=FULL). A message is one group:
 * `{ id, units }`, each unit a list of appends `{ stream, expected, events }` whose
 * events carry their data and metadata already serialised. The groups waiting when a
 * transaction starts (receiveMessageOnPort) share it, up to MAX_UNITS: one IMMEDIATE
 * transaction and one fsync for all of them, begun as soon as the last one ended. Each
 * unit runs in a savepoint and each append in a nested one, so a conflict undoes only
 * its unit. Each group is answered `{ id, outcomes }` once COMMIT returned, i.e. after
 * the fsync, or `{ id, failed }` when the transaction itself failed.
 *
 * Rules kept from the single-threaded store: the expected revision is checked inside
 * the transaction; an append whose event ids are already stored at exactly the expected
 * revisions is a repeat and answers the stored result; UNIQUE(id) catches a repeat on
 * the happy path without a lookup.
 *
 * R21 hash chain: each event arrives with its data JSON and its metadata as canonical JSON
 * without hash fields; here, where the revision and the stream's last hash are known, it
 * gets `hash` and `previousHash`, appended to its metadata (chainHash below must stay the
 * same as chainHash in libs/application/src/operations/event-hash.ts; the contract suite
 * checks every stored hash with that one).
 *
 * A storage failure (full disk, read-only file, I/O error) fails the whole group, never
 * only its unit: SQLite may have rolled the transaction back already, and a unit run
 * after that would commit on its own, unacknowledged.
 *
 * Other messages: `{ id, kind: 'probe' }` commits a small write and deletes it again
 * (is the file writable now?); `{ id, kind: 'max-pages', extra }` caps the file at its
 * current size plus `extra` pages (null lifts the cap): PRAGMA max_page_count, which
 * tests use to provoke a full disk.
 */
export const WRITER_THREAD_SOURCE = String.raw`
'use strict';
const { parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { createHash } = require('node:crypto');

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');

const defaultMaxPages = db.pragma('max_page_count', { simple: true });

const lastRevision = db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream = ?');
const lastEvent = db.prepare("SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1");
const probeWrite = db.prepare("INSERT OR REPLACE INTO log_info (key, value) VALUES ('write-probe', zeroblob(16384))");
const probeErase = db.prepare("DELETE FROM log_info WHERE key = 'write-probe'");

const STORAGE_FAILURE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|NOMEM|CORRUPT|NOTADB)/;

function chainHash(previousHash, stream, revision, event) {
  const parts = [previousHash || '', stream, revision, event.id, event.type, event.data, event.metadata];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** The metadata JSON object with the two hash members added at its end. */
function withHash(metadata, hash, previousHash) {
  const members = '"hash":' + JSON.stringify(hash) + ',"previousHash":' + JSON.stringify(previousHash);
  return metadata === '{}' ? '{' + members + '}' : metadata.slice(0, -1) + ',' + members + '}';
}
const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
const byIds = db.prepare('SELECT id, stream, revision, position FROM events WHERE id IN (SELECT value FROM json_each(?))');

class Conflict extends Error {
  constructor(stream, expected, actual) {
    super('wrong expected revision');
    this.conflict = { stream, expected, actual };
  }
}

function currentRevision(stream) {
  const row = lastRevision.get(stream);
  return row && row.revision !== null ? row.revision : null;
}

function conflictOf(append) {
  const current = currentRevision(append.stream);
  return new Conflict(append.stream, append.expected, current === null ? 'no-stream' : current);
}

/** The same ids already stored in this stream right after the expected revision: a retried append. */
function repeatOf(append) {
  const events = append.events;
  const rows = byIds.all(JSON.stringify(events.map((e) => e.id)));
  if (rows.length !== events.length) return null;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const first = byId.get(events[0].id);
  if (!first || first.stream !== append.stream) return null;
  if (append.expected === 'no-stream' && first.revision !== 0) return null;
  if (typeof append.expected === 'number' && first.revision !== append.expected + 1) return null;
  const consecutive = events.every((event, i) => {
    const row = byId.get(event.id);
    return row !== undefined && row.stream === append.stream && row.revision === first.revision + i;
  });
  if (!consecutive) return null;
  const last = byId.get(events[events.length - 1].id);
  return { nextExpectedRevision: last.revision, position: last.position };
}

function appendRows(append) {
  const last = lastEvent.get(append.stream);
  const current = last ? last.revision : null;
  const expected = append.expected;
  const matches = expected === 'any' || (expected === 'no-stream' ? current === null : current === expected);
  if (!matches) {
    const repeat = repeatOf(append);
    if (repeat) return repeat;
    throw new Conflict(append.stream, expected, current === null ? 'no-stream' : current);
  }
  let revision = current === null ? -1 : current;
  let previousHash = last && last.hash ? last.hash : null;
  let position = 0;
  for (const event of append.events) {
    revision += 1;
    const hash = chainHash(previousHash, append.stream, revision, event);
    const metadata = withHash(event.metadata, hash, previousHash);
    position = Number(insert.run(event.id, append.stream, revision, event.type, event.data, metadata).lastInsertRowid);
    previousHash = hash;
  }
  return { nextExpectedRevision: revision, position };
}

// Nested better-sqlite3 transactions are savepoints inside the group's transaction.
const appendSavepoint = db.transaction(appendRows);

function appendChecked(append) {
  try {
    return appendSavepoint(append);
  } catch (error) {
    // An event id already stored (UNIQUE(id)): a repeat of an earlier append, or a conflict.
    if (!error || error.code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    const repeat = repeatOf(append);
    if (repeat) return repeat;
    throw conflictOf(append);
  }
}

const unitSavepoint = db.transaction((unit) => unit.map(appendChecked));

function describe(error) {
  if (error instanceof Conflict) return { conflict: error.conflict };
  return { message: String((error && error.message) || error), code: error && error.code };
}

const groupTransaction = db.transaction((units) =>
  units.map((unit) => {
    try {
      return { ok: true, value: unitSavepoint(unit) };
    } catch (error) {
      if (error && STORAGE_FAILURE.test(String(error.code))) throw error;
      return { ok: false, error: describe(error) };
    }
  }),
);

/** Units per shared transaction (the main thread's groups hold up to 1,000 each). */
const MAX_UNITS = 2000;

/** One transaction for several groups; each group gets its own answer. */
function commitGroups(messages) {
  const units = [];
  for (const message of messages) for (const unit of message.units) units.push(unit);
  let outcomes;
  try {
    outcomes = groupTransaction.immediate(units);
  } catch (error) {
    for (const message of messages) parentPort.postMessage({ id: message.id, failed: describe(error) });
    return;
  }
  let at = 0;
  for (const message of messages) {
    parentPort.postMessage({ id: message.id, outcomes: outcomes.slice(at, at + message.units.length) });
    at += message.units.length;
  }
}

/** A message that is not a commit: close, probe or max-pages. */
function control(message) {
  if (message.kind === 'close') {
    db.close();
    process.exit(0);
  }
  let answer;
  try {
    if (message.kind === 'probe') {
      db.transaction(() => {
        probeWrite.run();
        probeErase.run();
      }).immediate();
      answer = { id: message.id, outcomes: [] };
    } else if (message.kind === 'max-pages') {
      const pages = db.pragma('page_count', { simple: true });
      db.pragma('max_page_count = ' + (message.extra === null ? defaultMaxPages : pages + message.extra));
      answer = { id: message.id, outcomes: [] };
    }
  } catch (error) {
    answer = { id: message.id, failed: describe(error) };
  }
  parentPort.postMessage(answer);
}

parentPort.on('message', (first) => {
  // Every message already waiting, in the order sent; commits next to each other share a transaction.
  const waiting = [first];
  for (let more = receiveMessageOnPort(parentPort); more; more = receiveMessageOnPort(parentPort)) waiting.push(more.message);
  while (waiting.length > 0) {
    if (waiting[0].kind !== undefined) {
      control(waiting.shift());
      continue;
    }
    const group = [waiting.shift()];
    let units = group[0].units.length;
    while (waiting.length > 0 && waiting[0].kind === undefined && units + waiting[0].units.length <= MAX_UNITS) {
      units += waiting[0].units.length;
      group.push(waiting.shift());
    }
    commitGroups(group);
  }
});
`;
