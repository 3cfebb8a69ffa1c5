/**
 * A test-only MongoDB double: a TCP server on 127.0.0.1 speaking the wire protocol (OP_MSG,
 * and the legacy OP_QUERY handshake the driver opens with), answering the commands of
 * commands.ts. It reports itself as the primary of replica set `rs0`, so the official
 * driver allows sessions and transactions with an ordinary `mongodb://127.0.0.1:<port>/`
 * URL. What it does not prove: real isolation, durability, index selection, fail-over.
 * Never imported by apps/ or libs/.
 */
import { AddressInfo, createServer, Socket } from 'node:net';
import { deserialize, Document, serialize } from 'bson';
import { CommandHandler } from './commands';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;

export interface MongoDouble {
  /** `mongodb://127.0.0.1:<port>/?replicaSet=rs0` */
  url: string;
  port: number;
  /** The command names the double has answered so far. */
  commandsSeen(): string[];
  stop(): Promise<void>;
}

export async function startMongoDouble(options: { setName?: string } = {}): Promise<MongoDouble> {
  const setName = options.setName ?? 'rs0';
  const handler = new CommandHandler();
  const sockets = new Set<Socket>();
  let connections = 0;
  let host = '';
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    const connectionId = ++connections;
    let pending = Buffer.alloc(0);
    // One message at a time per connection, in order, as the driver expects.
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const message = pending.subarray(0, pending.readInt32LE(0));
        pending = pending.subarray(message.length);
        queue = queue.then(() => answer(message)).catch(() => void socket.destroy());
      }
    });

    async function answer(message: Buffer): Promise<void> {
      const requestId = message.readInt32LE(4);
      const opCode = message.readInt32LE(12);
      const info = { host, setName, connectionId };
      if (opCode === OP_MSG) {
        const { flags, command } = readMsg(message);
        const reply = await handler.handle(command, info).catch(internalError);
        if (!(flags & MORE_TO_COME) && !socket.destroyed) socket.write(frameMsg(requestId, reply));
      } else if (opCode === OP_QUERY) {
        const command = readQuery(message);
        const name = Object.keys(command)[0] ?? '';
        const reply = ['isMaster', 'ismaster', 'hello'].includes(name)
          ? await handler.handle({ ...command, $db: 'admin' }, info).catch(internalError)
          : { ok: 0, errmsg: `mongo double: OP_QUERY ${name} is not implemented (only the isMaster/hello handshake)`, code: 59, codeName: 'CommandNotFound' };
        if (!socket.destroyed) socket.write(frameReply(requestId, reply));
      } else {
        socket.destroy(); // OP_COMPRESSED and the removed legacy opcodes: never sent unless asked for
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  return {
    url: `mongodb://${host}/?replicaSet=${setName}`,
    port,
    commandsSeen: () => [...handler.seen].sort(),
    stop: async () => {
      handler.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function internalError(error: unknown): Document {
  return { ok: 0, errmsg: `mongo double internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, code: 1, codeName: 'InternalError' };
}

/** OP_MSG: the body (section kind 0) with every document sequence (kind 1) set as its field. */
function readMsg(message: Buffer): { flags: number; command: Document } {
  const flags = message.readUInt32LE(16);
  const end = message.length - (flags & CHECKSUM_PRESENT ? 4 : 0);
  let at = 20;
  let command: Document = {};
  const sequences: Array<[string, Document[]]> = [];
  while (at < end) {
    const kind = message[at++];
    const size = message.readInt32LE(at);
    if (kind === 0) {
      command = deserialize(message.subarray(at, at + size));
      at += size;
    } else if (kind === 1) {
      const sectionEnd = at + size;
      const nameEnd = message.indexOf(0, at + 4);
      const identifier = message.toString('utf8', at + 4, nameEnd);
      const docs: Document[] = [];
      for (let doc = nameEnd + 1; doc < sectionEnd; doc += message.readInt32LE(doc)) docs.push(deserialize(message.subarray(doc, doc + message.readInt32LE(doc))));
      sequences.push([identifier, docs]);
      at = sectionEnd;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  for (const [identifier, docs] of sequences) command[identifier] = docs;
  return { flags, command };
}

function readQuery(message: Buffer): Document {
  const nameEnd = message.indexOf(0, 20);
  const at = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const query = deserialize(message.subarray(at, at + message.readInt32LE(at)));
  return (query.$query as Document | undefined) ?? query;
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const head = Buffer.alloc(16);
  head.writeInt32LE(length, 0);
  head.writeInt32LE(nextRequestId++, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(opCode, 12);
  return head;
}

function frameMsg(responseTo: number, reply: Document): Buffer {
  const body = Buffer.from(serialize(reply));
  const flagsAndKind = Buffer.alloc(5); // flags 0, section kind 0
  return Buffer.concat([header(16 + 5 + body.length, responseTo, OP_MSG), flagsAndKind, body]);
}

function frameReply(responseTo: number, reply: Document): Buffer {
  const body = Buffer.from(serialize(reply));
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(16 + 20 + body.length, responseTo, OP_REPLY), fields, body]);
}
