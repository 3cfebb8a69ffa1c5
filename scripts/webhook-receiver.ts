/**
 * A local webhook receiver (API.md "Webhooks"): verifies each delivery's Standard Webhooks
 * signature with the endpoint's secret and prints the event, one line each.
 *
 *   npx tsx scripts/webhook-receiver.ts --secret whsec_... [--secret <old one>] [--port 4000] [--host 127.0.0.1]
 *                                       [--exit-after <n> [--timeout <seconds>]]
 *
 * It prints `webhook receiver listening on …` once it listens (a GET then gets 405).
 * `--exit-after <n>` exits 0 after n verified deliveries, or 1 when `--timeout` (default 60)
 * seconds pass first, so a script can start it in the background and `wait` for it.
 *
 * `--secret` may be repeated (during a rotation's 24 h overlap either one verifies) or come
 * from WEBHOOK_SECRET. A verified delivery gets 204; anything else 400, which the ledger
 * treats as a failed attempt and retries.
 */
import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

/** The body the ledger posts (API.md "Webhooks"). */
export interface WebhookEvent {
  id: string;
  type: string;
  occurredAt: string;
  position: string;
  partnerId: string;
  customerId: string | null;
  subscriptionId: string | null;
  data: Record<string, unknown>;
}

export interface ReceiverOptions {
  secrets: string[];
  port: number;
  host: string;
  onEvent(event: WebhookEvent, webhookId: string): void;
  onRejected(reason: string): void;
}

const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body over 1 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerValues(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** Verified with any of the secrets, or the reason none verified. */
function verify(verifiers: Webhook[], body: string, headers: Record<string, string>): { event: WebhookEvent } | { reason: string } {
  let reason = 'no secret given';
  for (const verifier of verifiers) {
    try {
      return { event: verifier.verify(body, headers) as WebhookEvent };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  return { reason };
}

/** Listens until closed; resolves once listening (port 0: see `server.address()`). */
export async function startWebhookReceiver(options: ReceiverOptions): Promise<Server> {
  const verifiers = options.secrets.map((secret) => new Webhook(secret));
  const server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    readBody(request)
      .then((body) => {
        const headers = headerValues(request);
        const outcome = verify(verifiers, body, headers);
        if ('reason' in outcome) {
          options.onRejected(`${headers['webhook-id'] ?? 'no webhook-id'}: ${outcome.reason}`);
          response.writeHead(400, { 'content-type': 'text/plain' }).end(`${outcome.reason}\n`);
          return;
        }
        options.onEvent(outcome.event, headers['webhook-id']);
        response.writeHead(204).end();
      })
      .catch((error: unknown) => {
        options.onRejected(error instanceof Error ? error.message : String(error));
        response.writeHead(400).end();
      });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return server;
}

export function describeEvent(event: WebhookEvent): string {
  const about = [event.customerId && `customer ${event.customerId}`, event.subscriptionId && `subscription ${event.subscriptionId}`].filter(Boolean).join(', ');
  return `${event.occurredAt} ${event.type} ${event.id}${about ? ` (${about})` : ''} ${JSON.stringify(event.data)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      secret: { type: 'string', multiple: true },
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
      'exit-after': { type: 'string' },
      timeout: { type: 'string', default: '60' },
    },
  });
  const secrets = values.secret ?? (process.env.WEBHOOK_SECRET ? [process.env.WEBHOOK_SECRET] : []);
  if (secrets.length === 0) throw new Error('give the endpoint secret: --secret whsec_... (or WEBHOOK_SECRET)');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer between 0 and 65535 (got "${values.port}")`);
  const exitAfter = values['exit-after'] === undefined ? null : Number(values['exit-after']);
  if (exitAfter !== null && (!Number.isInteger(exitAfter) || exitAfter < 1)) throw new Error(`--exit-after must be a whole number of deliveries, 1 or more (got "${values['exit-after']}")`);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new Error(`--timeout must be a number of seconds above 0 (got "${values.timeout}")`);
  let received = 0;
  const server = await startWebhookReceiver({
    secrets,
    port,
    host: values.host!,
    onEvent: (event) => {
      console.log(describeEvent(event));
      received += 1;
      // Once the 204 (written right after this returns) has gone out.
      if (exitAfter !== null && received >= exitAfter) setTimeout(() => process.exit(0), 200);
    },
    onRejected: (reason) => console.error(`rejected ${reason}`),
  });
  const address = server.address() as AddressInfo;
  if (exitAfter === null) {
    console.log(`webhook receiver listening on http://${values.host}:${address.port}/ (Ctrl-C to stop)`);
    return;
  }
  console.log(`webhook receiver listening on http://${values.host}:${address.port}/ (exits after ${exitAfter} deliver${exitAfter === 1 ? 'y' : 'ies'})`);
  setTimeout(() => {
    console.error(`only ${received} of ${exitAfter} deliveries in ${timeout} s; see GET /v1/webhook-endpoints/:id/deliveries`);
    process.exit(1);
  }, timeout * 1000);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
