import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CONSOLE_PATH = '/console';

/** Where `npm run build:console` writes the console: apps/console/dist, seen from the sources or from the Nest build in dist/. */
export function consoleAssetsDir(): string {
  const candidates = [join(__dirname, '..', '..', '..', 'console', 'dist'), join(__dirname, '..', '..', '..', '..', '..', 'apps', 'console', 'dist')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

/**
 * Serves the built console (a single-page app) at /console: its files, and index.html for
 * every other path under it so a screen's URL can be opened directly. These are plain
 * Fastify routes, outside Nest's guards: the page carries no data; every call it makes
 * to /v1 is authenticated as any client's. Without a build the API still starts and
 * /console says how to build it.
 */
export async function serveConsole(app: NestFastifyApplication, root = consoleAssetsDir()): Promise<void> {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  if (!existsSync(join(root, 'index.html'))) {
    const notBuilt = (_: unknown, reply: FastifyReply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The console is not built (no ${join(root, 'index.html')}): run \`npm run build:console\`, or start with \`npm start\`, which builds it.\n`);
    fastify.get(CONSOLE_PATH, notBuilt);
    fastify.get(`${CONSOLE_PATH}/*`, notBuilt);
    return;
  }
  // wildcard false: one route per built file (found at start), so the fallback below gets the rest.
  await fastify.register(fastifyStatic, {
    root,
    prefix: `${CONSOLE_PATH}/`,
    wildcard: false,
    index: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      // Vite names assets by content hash: they never change; index.html always may.
      void reply.header('cache-control', path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.get(CONSOLE_PATH, (_, reply) => reply.redirect(`${CONSOLE_PATH}/`));
  fastify.get(`${CONSOLE_PATH}/*`, (_, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
}
