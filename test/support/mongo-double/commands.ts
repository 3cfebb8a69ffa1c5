/**
 * The commands the MongoDB driver sends for our read store, answered with MongoDB's
 * replies and error codes. Transactions are serialised: while one is open, commands of
 * other sessions wait for it to end (so it reads its own snapshot), and an abort puts back
 * the copy of the data taken when it started. A command, option or operator not listed
 * here is an error naming it (code 59), never a silent success.
 */
import { Binary, Document, Long, ObjectId } from 'bson';
import { badValue, CommandError, notImplemented } from './errors';
import {
  aggregate,
  applyOperators,
  checkStorable,
  checkUnique,
  clone,
  CollectionData,
  Databases,
  DuplicateKey,
  equalityFields,
  idKey,
  IndexSpec,
  isOperatorUpdate,
  Matcher,
  project,
  sameDocument,
  sortDocuments,
  sortKey,
  withId,
} from './storage';

/** Fields any command may carry that change nothing here (sessions, concerns, routing). */
const GENERIC = new Set([
  '$db', 'lsid', 'txnNumber', 'autocommit', 'startTransaction', '$clusterTime', '$readPreference', 'readConcern', 'writeConcern', 'comment', 'maxTimeMS', 'apiVersion', 'apiStrict', 'apiDeprecationErrors',
]);

const HANDSHAKE = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'endSessions', 'getParameter', 'hostInfo']);
const DEFAULT_BATCH = 101;
const TRANSACTION_LIFETIME_MS = 60_000;

interface Transaction {
  session: string;
  txnNumber: number;
  /** The catalog when it started (collections shared), and a copy of each collection it wrote, taken before its first write. */
  before: Databases;
  touched: Map<CollectionData, CollectionData>;
  done: Promise<void>;
  end: () => void;
  timer: NodeJS.Timeout;
}

interface Cursor {
  ns: string;
  rest: Document[];
}

export interface DoubleInfo {
  host: string;
  setName: string;
  connectionId: number;
}

export class CommandHandler {
  private databases: Databases = new Map();
  private active: Transaction | null = null;
  /** The last transaction of each session, and how it ended (a commit may be retried). */
  private readonly ended = new Map<string, { txnNumber: number; outcome: 'committed' | 'aborted' }>();
  private readonly cursors = new Map<string, Cursor>();
  private nextCursor = 1;
  private readonly electionId = new ObjectId('7fffffff0000000000000001');

  /** Every command name answered, for the report of what a suite exercised. */
  readonly seen = new Set<string>();

  async handle(command: Document, info: DoubleInfo): Promise<Document> {
    const name = Object.keys(command)[0];
    this.seen.add(name);
    const session = sessionKey(command.lsid);
    const inTransaction = command.autocommit === false;
    try {
      if (HANDSHAKE.has(name)) return this.handshake(name, command, info);
      if (inTransaction) {
        await this.enterTransaction(name, command, session);
        checkInTransaction(name, command, typeof command[name] === 'string' && this.databases.get(command.$db as string)?.has(command[name]) === true);
      } else await this.waitForOthers(session);
      if (name === 'commitTransaction' || name === 'abortTransaction') return this.endTransaction(name, command, session);
      const reply = this.run(name, command);
      if (inTransaction && Array.isArray(reply.writeErrors) && reply.writeErrors.length) this.abort('a write error');
      return { ...reply, ok: 1 };
    } catch (error) {
      if (inTransaction && this.active?.session === session) this.abort('an error');
      if (error instanceof CommandError) return errorReply(error);
      throw error;
    }
  }

  close(): void {
    if (this.active) this.abort('shutdown');
  }

  // ---- sessions and transactions --------------------------------------------------------

  private async waitForOthers(session: string | null): Promise<void> {
    while (this.active && this.active.session !== session) await this.active.done;
  }

  private async enterTransaction(name: string, command: Document, session: string | null): Promise<void> {
    if (session === null) throw new CommandError(50768, 'NotARetryableWriteCommand', 'a transaction needs a session (lsid)');
    const txnNumber = Number(command.txnNumber);
    if (command.startTransaction === true) {
      await this.waitForOthers(session);
      if (this.active) this.abort('a new transaction of the same session');
      let end = (): void => undefined;
      const done = new Promise<void>((resolve) => (end = resolve));
      const timer = setTimeout(() => this.active?.timer === timer && this.abort('its lifetime limit'), TRANSACTION_LIFETIME_MS);
      timer.unref();
      this.active = { session, txnNumber, before: shallowCatalog(this.databases), touched: new Map(), done, end, timer };
      return;
    }
    const active = this.active;
    if (active && active.session === session && active.txnNumber === txnNumber) return;
    const ended = this.ended.get(session);
    if (name === 'commitTransaction' && ended?.txnNumber === txnNumber && ended.outcome === 'committed') return;
    throw new CommandError(251, 'NoSuchTransaction', `Transaction with { txnNumber: ${txnNumber} } has been aborted or was never started.`, ['TransientTransactionError']);
  }

  private endTransaction(name: string, command: Document, session: string | null): Document {
    const active = this.active;
    if (!active || active.session !== session || active.txnNumber !== Number(command.txnNumber)) return { ok: 1 }; // a retried commit
    if (name === 'commitTransaction') this.finish('committed');
    else this.abort('abortTransaction');
    return { ok: 1 };
  }

  private abort(_why: string): void {
    if (!this.active) return;
    const { before, touched } = this.active;
    this.databases = new Map([...before].map(([db, collections]) => [db, new Map([...collections].map(([name, data]) => [name, touched.get(data) ?? data]))]));
    this.finish('aborted');
  }

  private finish(outcome: 'committed' | 'aborted'): void {
    const active = this.active!;
    clearTimeout(active.timer);
    this.ended.set(active.session, { txnNumber: active.txnNumber, outcome });
    this.active = null;
    active.end();
  }

  // ---- the handshake --------------------------------------------------------------------

  private handshake(name: string, command: Document, info: DoubleInfo): Document {
    switch (name) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return {
          helloOk: true,
          ismaster: true,
          isWritablePrimary: true,
          secondary: false,
          setName: info.setName,
          setVersion: 1,
          electionId: this.electionId,
          hosts: [info.host],
          primary: info.host,
          me: info.host,
          maxBsonObjectSize: 16 * 1024 * 1024,
          maxMessageSizeBytes: 48_000_000,
          maxWriteBatchSize: 100_000,
          localTime: new Date(),
          logicalSessionTimeoutMinutes: 30,
          connectionId: info.connectionId,
          minWireVersion: 0,
          maxWireVersion: 21,
          readOnly: false,
          ok: 1,
        };
      case 'ping':
      case 'endSessions':
        return { ok: 1 };
      case 'buildInfo':
      case 'buildinfo':
        return { version: '7.0.0-double', versionArray: [7, 0, 0, 0], gitVersion: 'mongo-double', bits: 64, maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 };
      default:
        throw notImplemented(`command ${name} (${JSON.stringify(Object.keys(command))})`);
    }
  }

  // ---- commands -------------------------------------------------------------------------

  private run(name: string, command: Document): Document {
    switch (name) {
      case 'create':
        return this.create(command);
      case 'drop':
        return this.drop(command);
      case 'dropDatabase':
        known(command, []);
        this.databases.delete(command.$db as string);
        return {};
      case 'renameCollection':
        return this.rename(command);
      case 'listCollections':
        return this.listCollections(command);
      case 'createIndexes':
        return this.createIndexes(command);
      case 'listIndexes':
        return this.listIndexes(command);
      case 'dropIndexes':
        return this.dropIndexes(command);
      case 'find':
        return this.find(command);
      case 'getMore':
        return this.getMore(command);
      case 'killCursors':
        return this.killCursors(command);
      case 'count':
        return this.count(command);
      case 'aggregate':
        return this.aggregate(command);
      case 'insert':
        return this.insert(command);
      case 'update':
        return this.update(command);
      case 'delete':
        return this.delete(command);
      case 'findAndModify':
        return this.findAndModify(command);
      default:
        throw notImplemented(`command ${name}`);
    }
  }

  private collections(db: string, create: boolean): Map<string, CollectionData> | undefined {
    let collections = this.databases.get(db);
    if (!collections && create) this.databases.set(db, (collections = new Map()));
    return collections;
  }

  private collection(db: string, name: string, create = false): CollectionData | undefined {
    if (typeof name !== 'string' || name.length === 0) throw new CommandError(73, 'InvalidNamespace', `invalid collection name ${JSON.stringify(name)}`);
    const collections = this.collections(db, create);
    let data = collections?.get(name);
    if (!data && create) collections!.set(name, (data = new CollectionData()));
    return data;
  }

  /** A collection a command writes: inside a transaction, copied before its first write so an abort can put it back. */
  private writable(db: string, name: string, create: boolean): CollectionData | undefined {
    const data = this.collection(db, name, create);
    if (data && this.active && !this.active.touched.has(data)) this.active.touched.set(data, data.copy());
    return data;
  }

  private create(command: Document): Document {
    known(command, []);
    const db = command.$db as string;
    if (this.collection(db, command.create as string)) throw new CommandError(48, 'NamespaceExists', `Collection ${db}.${String(command.create)} already exists.`);
    this.collection(db, command.create as string, true);
    return {};
  }

  private drop(command: Document): Document {
    known(command, []);
    const collections = this.collections(command.$db as string, false);
    if (!collections?.delete(command.drop as string)) throw new CommandError(26, 'NamespaceNotFound', 'ns not found');
    return { ns: `${String(command.$db)}.${String(command.drop)}`, nIndexesWas: 1 };
  }

  private rename(command: Document): Document {
    known(command, ['to', 'dropTarget']);
    if (command.$db !== 'admin') throw new CommandError(13, 'Unauthorized', 'renameCollection may only be run against the admin database.');
    const [sourceDb, source] = splitNamespace(command.renameCollection);
    const [targetDb, target] = splitNamespace(command.to);
    if (sourceDb !== targetDb) throw notImplemented('renameCollection across databases');
    const data = this.collection(sourceDb, source);
    if (!data) throw new CommandError(26, 'NamespaceNotFound', `Source collection ${String(command.renameCollection)} does not exist`);
    const collections = this.collections(sourceDb, false)!;
    if (source === target) throw new CommandError(20, 'IllegalOperation', "Can't rename a collection to itself");
    if (collections.has(target) && command.dropTarget !== true) throw new CommandError(48, 'NamespaceExists', `target namespace exists`);
    collections.delete(source);
    collections.set(target, data);
    return {};
  }

  private listCollections(command: Document): Document {
    known(command, ['filter', 'nameOnly', 'authorizedCollections', 'cursor']);
    const collections = [...(this.collections(command.$db as string, false) ?? new Map<string, CollectionData>()).keys()];
    const matcher = new Matcher((command.filter as Document | undefined) ?? {});
    const docs = collections.map((name) => ({ name, type: 'collection', options: {}, info: { readOnly: false } })).filter((doc) => matcher.test(doc));
    return this.cursorReply(`${String(command.$db)}.$cmd.listCollections`, docs, batchSize(command.cursor), false);
  }

  private createIndexes(command: Document): Document {
    known(command, ['indexes', 'commitQuorum']);
    const db = command.$db as string;
    const existed = this.collection(db, command.createIndexes as string) !== undefined;
    const data = this.writable(db, command.createIndexes as string, true)!;
    const before = data.indexes.length;
    for (const spec of command.indexes as Document[]) {
      const unknown = Object.keys(spec).filter((key) => !['key', 'name', 'unique', 'v', 'background'].includes(key));
      if (unknown.length) throw notImplemented(`index options ${unknown.join(', ')}`);
      const key = spec.key as Document;
      if (!key || Object.keys(key).length === 0) throw new CommandError(67, 'CannotCreateIndex', 'Index keys cannot be empty.');
      for (const [field, direction] of Object.entries(key)) {
        if (direction !== 1 && direction !== -1) throw notImplemented(`index type ${JSON.stringify(direction)} on ${field}`);
      }
      const name = typeof spec.name === 'string' ? spec.name : sortKey(key);
      const index: IndexSpec = { name, key, ...(spec.unique === true ? { unique: true } : {}) };
      const sameName = data.indexes.find((existing) => existing.name === name);
      const sameKey = data.indexes.find((existing) => sortKey(existing.key) === sortKey(key));
      if (sameName && sortKey(sameName.key) !== sortKey(key)) {
        throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index but a different key: ${name}`);
      }
      if (sameKey) {
        if (sameKey.name !== name || Boolean(sameKey.unique) !== Boolean(index.unique)) {
          throw new CommandError(85, 'IndexOptionsConflict', `Index already exists with a different name or options: ${sameKey.name}`);
        }
        continue;
      }
      if (index.unique) {
        const probe = new CollectionData(new Map(), [index]);
        for (const doc of data.docs.values()) {
          checkUnique(`${db}.${String(command.createIndexes)}`, probe, doc, null);
          probe.docs.set(`${probe.docs.size}`, doc);
        }
      }
      data.indexes.push(index);
    }
    return { createdCollectionAutomatically: !existed, numIndexesBefore: before, numIndexesAfter: data.indexes.length };
  }

  private listIndexes(command: Document): Document {
    known(command, ['cursor']);
    const data = this.collection(command.$db as string, command.listIndexes as string);
    if (!data) throw new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${String(command.$db)}.${String(command.listIndexes)}`);
    const docs = data.indexes.map((index) => ({ v: 2, key: index.key, name: index.name, ...(index.unique ? { unique: true } : {}) }));
    return this.cursorReply(`${String(command.$db)}.${String(command.listIndexes)}`, docs, batchSize(command.cursor), false);
  }

  private dropIndexes(command: Document): Document {
    known(command, ['index']);
    const data = this.collection(command.$db as string, command.dropIndexes as string);
    if (!data) throw new CommandError(26, 'NamespaceNotFound', 'ns not found');
    const before = data.indexes.length;
    const wanted = command.index;
    const names = wanted === '*' ? data.indexes.slice(1).map((index) => index.name) : Array.isArray(wanted) ? (wanted as string[]) : typeof wanted === 'string' ? [wanted] : data.indexes.filter((index) => sortKey(index.key) === sortKey(wanted as Document)).map((index) => index.name);
    if (names.length === 0) throw new CommandError(27, 'IndexNotFound', `can't find index with key: ${JSON.stringify(wanted)}`);
    for (const name of names) {
      if (name === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
      const at = data.indexes.findIndex((index) => index.name === name);
      if (at < 0) throw new CommandError(27, 'IndexNotFound', `index not found with name [${name}]`);
      data.indexes.splice(at, 1);
    }
    return { nIndexesWas: before };
  }

  private matching(data: CollectionData | undefined, filter: Document | undefined, hint: unknown): Document[] {
    if (hint !== undefined && data && !data.indexes.some((index) => index.name === hint || (typeof hint === 'object' && hint !== null && sortKey(index.key) === sortKey(hint as Document)))) {
      throw new CommandError(2, 'BadValue', 'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
    }
    // Parsed even when the collection does not exist, as MongoDB does: an unknown operator is an error there too.
    const matcher = new Matcher(filter ?? {});
    if (!data) return [];
    return candidates(data, filter ?? {}).filter((doc) => matcher.test(doc));
  }

  private find(command: Document): Document {
    known(command, ['filter', 'sort', 'projection', 'limit', 'skip', 'batchSize', 'singleBatch', 'hint', 'noCursorTimeout', 'allowPartialResults']);
    const db = command.$db as string;
    let docs = sortDocuments(this.matching(this.collection(db, command.find as string), command.filter as Document, command.hint), command.sort as Document);
    const skip = Number(command.skip ?? 0);
    const limit = Number(command.limit ?? 0);
    if (skip < 0 || limit < 0) throw badValue('skip and limit must be non-negative');
    docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
    docs = project(docs, command.projection as Document);
    return this.cursorReply(`${db}.${String(command.find)}`, docs, command.batchSize as number | undefined, command.singleBatch === true);
  }

  private cursorReply(ns: string, docs: Document[], size: number | undefined, single: boolean): Document {
    const first = docs.slice(0, size ?? DEFAULT_BATCH);
    let id = Long.ZERO;
    if (!single && first.length < docs.length) {
      id = Long.fromNumber(this.nextCursor++);
      this.cursors.set(id.toString(), { ns, rest: docs.slice(first.length) });
    }
    return { cursor: { id, ns, firstBatch: first } };
  }

  private getMore(command: Document): Document {
    known(command, ['collection', 'batchSize']);
    const id = String(command.getMore);
    const cursor = this.cursors.get(id);
    if (!cursor) throw new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
    const size = Number(command.batchSize ?? cursor.rest.length) || cursor.rest.length;
    const batch = cursor.rest.splice(0, size);
    if (cursor.rest.length === 0) this.cursors.delete(id);
    return { cursor: { id: cursor.rest.length ? Long.fromString(id) : Long.ZERO, ns: cursor.ns, nextBatch: batch } };
  }

  private killCursors(command: Document): Document {
    known(command, ['cursors']);
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of command.cursors as Array<Long | number>) (this.cursors.delete(String(id)) ? killed : notFound).push(Long.fromString(String(id)));
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
  }

  private count(command: Document): Document {
    known(command, ['query', 'limit', 'skip', 'hint']);
    const docs = this.matching(this.collection(command.$db as string, command.count as string), command.query as Document, command.hint);
    const skip = Number(command.skip ?? 0);
    const limit = Number(command.limit ?? 0);
    return { n: docs.slice(skip, limit > 0 ? skip + limit : undefined).length };
  }

  private aggregate(command: Document): Document {
    known(command, ['pipeline', 'cursor', 'hint', 'allowDiskUse']);
    if (typeof command.aggregate !== 'string') throw notImplemented('aggregate on a database');
    const data = this.collection(command.$db as string, command.aggregate);
    const docs = aggregate(this.matching(data, {}, command.hint), command.pipeline as Document[]);
    return this.cursorReply(`${String(command.$db)}.${command.aggregate}`, docs, batchSize(command.cursor), false);
  }

  private insert(command: Document): Document {
    known(command, ['documents', 'ordered', 'bypassDocumentValidation']);
    const db = command.$db as string;
    const data = this.writable(db, command.insert as string, true)!;
    const ns = `${db}.${String(command.insert)}`;
    return writeEach(command.documents as Document[], command.ordered !== false, (doc) => {
      const stored = withId(clone(doc));
      checkStorable(stored);
      checkUnique(ns, data, stored, null);
      data.docs.set(idKey(stored._id), stored);
      return { n: 1 };
    });
  }

  private update(command: Document): Document {
    known(command, ['updates', 'ordered', 'bypassDocumentValidation', 'let']);
    const db = command.$db as string;
    const data = this.writable(db, command.update as string, true)!;
    const ns = `${db}.${String(command.update)}`;
    const upserted: Document[] = [];
    let nModified = 0;
    const reply = writeEach(command.updates as Document[], command.ordered !== false, (statement, index) => {
      const unknown = Object.keys(statement).filter((key) => !['q', 'u', 'upsert', 'multi', 'hint'].includes(key));
      if (unknown.length) throw notImplemented(`update statement fields ${unknown.join(', ')}`);
      const outcome = this.updateDocuments(ns, data, statement);
      nModified += outcome.modified;
      if (outcome.upsertedId !== undefined) upserted.push({ index, _id: outcome.upsertedId });
      return { n: outcome.matched + (outcome.upsertedId !== undefined ? 1 : 0) };
    });
    return { ...reply, nModified, ...(upserted.length ? { upserted } : {}) };
  }

  /** One update statement: replacement or operators, one or many, upserting from the filter's equalities. */
  private updateDocuments(ns: string, data: CollectionData, statement: Document): { matched: number; modified: number; upsertedId?: unknown; before?: Document; after?: Document } {
    const update = statement.u as Document | Document[];
    if (Array.isArray(update)) throw notImplemented('update with an aggregation pipeline');
    const replacement = !isOperatorUpdate(update);
    if (replacement && statement.multi === true) throw new CommandError(9, 'FailedToParse', 'multi update is not supported for replacement-style update');
    if (!replacement && Object.keys(update).some((key) => !key.startsWith('$'))) throw new CommandError(9, 'FailedToParse', 'an update mixes operators and fields');
    let targets = this.matching(data, statement.q as Document, statement.hint);
    if (statement.multi !== true) targets = targets.slice(0, 1);
    let modified = 0;
    let before: Document | undefined;
    let after: Document | undefined;
    for (const target of targets) {
      const changed = replacement ? { _id: target._id, ...withoutId(update) } : applyOperators(clone(target), update, false);
      if (replacement && update._id !== undefined && idKey(update._id) !== idKey(target._id)) immutableId();
      if (idKey(changed._id) !== idKey(target._id)) immutableId();
      checkStorable(changed);
      checkUnique(ns, data, changed, idKey(target._id));
      if (!sameDocument(target, changed)) {
        data.docs.set(idKey(target._id), changed);
        modified++;
      }
      [before, after] = [target, changed];
    }
    if (targets.length > 0 || statement.upsert !== true) return { matched: targets.length, modified, before, after };
    const seed = equalityFields(statement.q as Document);
    const inserted = withId(replacement ? { ...(seed._id !== undefined ? { _id: seed._id } : {}), ...update } : applyOperators(seed, update, true));
    checkStorable(inserted);
    checkUnique(ns, data, inserted, null);
    data.docs.set(idKey(inserted._id), inserted);
    return { matched: 0, modified: 0, upsertedId: inserted._id, after: inserted };
  }

  private delete(command: Document): Document {
    known(command, ['deletes', 'ordered', 'let']);
    const data = this.writable(command.$db as string, command.delete as string, false);
    return writeEach(command.deletes as Document[], command.ordered !== false, (statement) => {
      const unknown = Object.keys(statement).filter((key) => !['q', 'limit', 'hint'].includes(key));
      if (unknown.length) throw notImplemented(`delete statement fields ${unknown.join(', ')}`);
      let targets = this.matching(data, statement.q as Document, statement.hint);
      if (statement.limit === 1) targets = targets.slice(0, 1);
      for (const target of targets) data!.docs.delete(idKey(target._id));
      return { n: targets.length };
    });
  }

  private findAndModify(command: Document): Document {
    known(command, ['query', 'sort', 'remove', 'update', 'new', 'fields', 'upsert', 'bypassDocumentValidation', 'hint']);
    const db = command.$db as string;
    const ns = `${db}.${String(command.findAndModify)}`;
    const data = this.writable(db, command.findAndModify as string, command.remove !== true)!;
    const show = (doc: Document | undefined): Document | null => (doc ? project([doc], command.fields as Document)[0] : null);
    const first = sortDocuments(this.matching(data, command.query as Document, command.hint), command.sort as Document)[0];
    if (command.remove === true) {
      if (first) data.docs.delete(idKey(first._id));
      return { lastErrorObject: { n: first ? 1 : 0 }, value: show(first) };
    }
    if (command.update === undefined) throw badValue('Either an update or remove=true must be specified');
    const query = first ? { _id: first._id } : ((command.query as Document | undefined) ?? {});
    const outcome = this.updateDocuments(ns, data, { q: query, u: command.update, upsert: command.upsert === true });
    const upserted = outcome.upsertedId !== undefined;
    return {
      lastErrorObject: { n: outcome.matched + (upserted ? 1 : 0), updatedExisting: outcome.matched > 0, ...(upserted ? { upserted: outcome.upsertedId } : {}) },
      value: show(command.new === true ? outcome.after : outcome.before),
    };
  }
}

/**
 * The documents a filter can match: looked up by `_id` when it pins `_id` (equality or
 * `$in` at the top level, as the adapter's gets, upserts and leases do), else all of them
 * in natural order. The matcher still decides; this only spares a scan.
 */
function candidates(data: CollectionData, filter: Document): Document[] {
  const id = filter._id;
  const lookup = (ids: unknown[]): Document[] => [...new Set(ids.map(idKey))].flatMap((key) => data.docs.get(key) ?? []);
  if (id === undefined || id === null) return [...data.docs.values()];
  if (typeof id !== 'object' || id instanceof ObjectId) return lookup([id]);
  const condition = id as Document;
  if (Object.keys(condition).length === 1 && '$eq' in condition && (typeof condition.$eq !== 'object' || condition.$eq instanceof ObjectId)) return lookup([condition.$eq]);
  if (Object.keys(condition).length === 1 && Array.isArray(condition.$in) && condition.$in.every((v) => v !== null && (typeof v !== 'object' || v instanceof ObjectId))) return lookup(condition.$in);
  return [...data.docs.values()];
}

/** Runs each statement of a write command, collecting write errors like MongoDB (ordered: stop at the first). */
function writeEach(statements: Document[], ordered: boolean, run: (statement: Document, index: number) => { n: number }): Document {
  let n = 0;
  const writeErrors: Document[] = [];
  for (const [index, statement] of (statements ?? []).entries()) {
    try {
      n += run(statement, index).n;
    } catch (error) {
      if (!(error instanceof CommandError) || (error.code === 59 && !(error instanceof DuplicateKey))) throw error;
      writeErrors.push({
        index,
        code: error.code,
        errmsg: error.message,
        ...(error instanceof DuplicateKey ? { keyPattern: error.keyPattern, keyValue: error.keyValue } : {}),
      });
      if (ordered) break;
    }
  }
  return { n, ...(writeErrors.length ? { writeErrors } : {}) };
}

function shallowCatalog(databases: Databases): Databases {
  return new Map([...databases].map(([db, collections]) => [db, new Map(collections)]));
}

/** Not in a multi-document transaction (MongoDB 4.4+): catalog changes on existing collections, count, listings. */
const NOT_IN_TRANSACTION = new Set(['count', 'drop', 'dropDatabase', 'renameCollection', 'listCollections', 'listIndexes', 'dropIndexes']);
const TRANSACTION_READ_CONCERNS = new Set(['snapshot', 'majority', 'local']);

/** What MongoDB refuses inside a transaction, so that an adapter relying on it fails here too. */
function checkInTransaction(name: string, command: Document, collectionExists: boolean): void {
  const refuse = (message: string, code = 263, codeName = 'OperationNotSupportedInTransaction'): never => {
    throw new CommandError(code, codeName, message);
  };
  if (NOT_IN_TRANSACTION.has(name) || ((name === 'create' || name === 'createIndexes') && collectionExists)) refuse(`Cannot run '${name}' in a multi-document transaction.`);
  const readConcern = command.readConcern as Document | undefined;
  if (readConcern && command.startTransaction !== true) refuse('Only the first command in a transaction may specify a readConcern', 72, 'InvalidOptions');
  if (readConcern?.level !== undefined && !TRANSACTION_READ_CONCERNS.has(readConcern.level as string)) refuse(`The readConcern level must be either 'local', 'majority' or 'snapshot' in a transaction`, 72, 'InvalidOptions');
  if (command.writeConcern && name !== 'commitTransaction' && name !== 'abortTransaction') refuse('Cannot set write concern after starting a transaction.', 72, 'InvalidOptions');
}

function known(command: Document, fields: string[]): void {
  const name = Object.keys(command)[0];
  const unknown = Object.keys(command).filter((key, index) => index > 0 && !GENERIC.has(key) && !fields.includes(key));
  if (unknown.length) throw notImplemented(`${name} option(s) ${unknown.join(', ')}`);
  const readConcern = command.readConcern as Document | undefined;
  if (readConcern && Object.keys(readConcern).some((key) => key !== 'level' && key !== 'afterClusterTime')) throw notImplemented(`readConcern ${JSON.stringify(readConcern)}`);
}

function batchSize(cursor: unknown): number | undefined {
  const size = (cursor as Document | undefined)?.batchSize;
  return typeof size === 'number' && size > 0 ? size : undefined;
}

function splitNamespace(ns: unknown): [string, string] {
  const text = String(ns);
  const dot = text.indexOf('.');
  if (dot <= 0) throw new CommandError(73, 'InvalidNamespace', `Invalid namespace specified '${text}'`);
  return [text.slice(0, dot), text.slice(dot + 1)];
}

function withoutId(doc: Document): Document {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

function immutableId(): never {
  throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
}

function sessionKey(lsid: unknown): string | null {
  const id = (lsid as Document | undefined)?.id;
  return id instanceof Binary ? Buffer.from(id.buffer).toString('hex') : null;
}

function errorReply(error: CommandError): Document {
  return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName, ...(error.labels.length ? { errorLabels: error.labels } : {}) };
}
