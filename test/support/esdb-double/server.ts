/**
 * A test-only EventStoreDB double: an in-process gRPC server on the service definitions
 * that @eventstore/db-client 6.x ships, implementing what our adapter uses: Streams.Append
 * and Streams.Read (stream reads both ways, $all reads, catch-up-then-live subscriptions,
 * event-type regex/prefix filters). ServerFeatures is left unimplemented, as on servers
 * before 21.10, so the client uses plain Append rather than BatchAppend. Never imported
 * by apps/ or libs/.
 */
import * as grpc from '@grpc/grpc-js';
import { EventLog, Expected, Proposed, StoredEvent } from './event-log';

/* eslint-disable @typescript-eslint/no-require-imports */
const generated = (name: string) => require(`@eventstore/db-client/generated/${name}`);
const streamsPb = generated('streams_pb');
const sharedPb = generated('shared_pb');
const { StreamsService } = generated('streams_grpc_pb');

type Message = {
  [method: string]: (...args: never[]) => unknown;
};

function toProposed(message: Message): Proposed {
  const id = message.getId() as unknown as { getString(): string; hasStructured(): boolean };
  const metadata = (message.getMetadataMap as () => { get(key: string): string | undefined })();
  return {
    id: id.getString(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: (message.getData_asU8 as () => Uint8Array)(),
    customMetadata: (message.getCustomMetadata_asU8 as () => Uint8Array)(),
  };
}

function expectedOf(options: Message): Expected {
  if ((options.hasNoStream as () => boolean)()) return { kind: 'no-stream' };
  if ((options.hasStreamExists as () => boolean)()) return { kind: 'stream-exists' };
  if ((options.hasAny as () => boolean)()) return { kind: 'any' };
  return { kind: 'revision', revision: BigInt((options.getRevision as () => string)()) };
}

function streamName(identifier: Message): string {
  return Buffer.from((identifier.getStreamName_asU8 as () => Uint8Array)()).toString('utf8');
}

function appendHandler(log: EventLog) {
  return (call: grpc.ServerReadableStream<Message, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    let stream = '';
    let expected: Expected = { kind: 'any' };
    const proposed: Proposed[] = [];
    call.on('data', (request: Message) => {
      if ((request.hasOptions as () => boolean)()) {
        const options = (request.getOptions as () => Message)();
        stream = streamName((options.getStreamIdentifier as () => Message)());
        expected = expectedOf(options);
      } else {
        proposed.push(toProposed((request.getProposedMessage as () => Message)()));
      }
    });
    call.on('end', () => {
      const outcome = log.append(stream, expected, proposed);
      const response = new streamsPb.AppendResp();
      if (outcome.ok) {
        const success = new streamsPb.AppendResp.Success();
        success.setCurrentRevision(outcome.currentRevision.toString());
        const position = new streamsPb.AppendResp.Position();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
        response.setSuccess(success);
      } else {
        const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
        if (outcome.currentRevision === null) wrong.setCurrentNoStream(new sharedPb.Empty());
        else wrong.setCurrentRevision(outcome.currentRevision.toString());
        if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
        else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new sharedPb.Empty());
        else if (expected.kind === 'stream-exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
        else wrong.setExpectedAny(new sharedPb.Empty());
        response.setWrongExpectedVersion(wrong);
      }
      callback(null, response);
    });
  };
}

function recordedMessage(event: StoredEvent): unknown {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  const id = new sharedPb.UUID();
  id.setString(event.id);
  recorded.setId(id);
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(event.stream, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(event.revision.toString());
  recorded.setPreparePosition(event.position.toString());
  recorded.setCommitPosition(event.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.created.toString());
  recorded.setCustomMetadata(event.customMetadata);
  recorded.setData(event.data);
  const read = new streamsPb.ReadResp.ReadEvent();
  read.setEvent(recorded);
  read.setCommitPosition(event.position.toString());
  const response = new streamsPb.ReadResp();
  response.setEvent(read);
  return response;
}

/** The filter of a subscription or read: event type or stream name, by regex or prefixes. */
function filterOf(options: Message): (event: StoredEvent) => boolean {
  if (!(options.hasFilter as () => boolean)()) return () => true;
  const filter = (options.getFilter as () => Message)();
  const byStream = (filter.hasStreamIdentifier as () => boolean)();
  const expression = (byStream ? (filter.getStreamIdentifier as () => Message)() : (filter.getEventType as () => Message)()) as Message;
  const regex = (expression.getRegex as () => string)();
  const prefixes = (expression.getPrefixList as () => string[])();
  const pattern = regex ? new RegExp(regex) : null;
  return (event) => {
    const value = byStream ? event.stream : event.type;
    return (pattern ? pattern.test(value) : true) && (prefixes.length === 0 || prefixes.some((p) => value.startsWith(p)));
  };
}

function readHandler(log: EventLog) {
  return (call: grpc.ServerWritableStream<Message, unknown>) => {
    const options = (call.request.getOptions as () => Message)();
    const backwards = (options.getReadDirection as () => number)() === 1;
    const subscription = (options.hasSubscription as () => boolean)();
    const count = subscription ? Infinity : Number((options.getCount as () => string)());
    const accept = filterOf(options);

    let selected: StoredEvent[];
    let liveAfter: bigint | null = null;
    let liveStream: string | null = null;
    if ((options.hasStream as () => boolean)()) {
      const stream = (options.getStream as () => Message)();
      const name = streamName((stream.getStreamIdentifier as () => Message)());
      const events = log.stream(name);
      if (!events && !subscription) {
        const response = new streamsPb.ReadResp();
        const notFound = new streamsPb.ReadResp.StreamNotFound();
        notFound.setStreamIdentifier((stream.getStreamIdentifier as () => Message)());
        response.setStreamNotFound(notFound);
        call.write(response);
        call.end();
        return;
      }
      const all = events ?? [];
      const from = (stream.hasRevision as () => boolean)() ? BigInt((stream.getRevision as () => string)()) : null;
      if (backwards) selected = all.filter((e) => ((stream.hasEnd as () => boolean)() || from === null ? true : e.revision <= from)).reverse();
      else selected = all.filter((e) => (from === null ? !(stream.hasEnd as () => boolean)() : e.revision >= from));
      liveStream = name;
    } else {
      const all = (options.getAll as () => Message)();
      const from = (all.hasPosition as () => boolean)() ? BigInt(((all.getPosition as () => Message)().getCommitPosition as () => string)()) : null;
      if (backwards) selected = log.events.filter((e) => ((all.hasEnd as () => boolean)() || from === null ? true : e.position < from)).reverse();
      else if (subscription) selected = log.events.filter((e) => (from === null ? !(all.hasEnd as () => boolean)() : e.position > from));
      else selected = log.events.filter((e) => (from === null ? !(all.hasEnd as () => boolean)() : e.position >= from));
      liveAfter = selected.at(-1)?.position ?? from ?? 0n;
    }

    if (subscription) {
      const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
      confirmation.setSubscriptionId(`double-${Math.random().toString(16).slice(2)}`);
      const response = new streamsPb.ReadResp();
      response.setConfirmation(confirmation);
      call.write(response);
    }
    let sent = 0;
    for (const event of selected) {
      if (sent >= count) break;
      if (!accept(event)) continue;
      call.write(recordedMessage(event));
      sent++;
    }
    if (!subscription) {
      call.end();
      return;
    }
    const stop = log.onAppend((event) => {
      if (liveStream !== null ? event.stream !== liveStream : event.position <= (liveAfter ?? 0n)) return;
      if (accept(event)) call.write(recordedMessage(event));
    });
    call.on('cancelled', stop);
    call.on('close', stop);
    call.on('error', stop);
  };
}

function unimplemented(_call: unknown, callback?: grpc.sendUnaryData<unknown>) {
  callback?.({ code: grpc.status.UNIMPLEMENTED, message: 'not implemented by the test double' } as grpc.ServiceError, null);
}

export interface EsdbDouble {
  url: string;
  log: EventLog;
  stop(): Promise<void>;
}

export async function startEsdbDouble(): Promise<EsdbDouble> {
  const log = new EventLog();
  const server = new grpc.Server();
  server.addService(StreamsService, {
    append: appendHandler(log),
    read: readHandler(log),
    delete: unimplemented,
    tombstone: unimplemented,
    batchAppend: (call: grpc.ServerDuplexStream<unknown, unknown>) => call.emit('error', { code: grpc.status.UNIMPLEMENTED }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}
