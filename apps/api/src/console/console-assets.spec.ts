import Fastify, { FastifyInstance } from 'fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveConsole } from './console-assets';

/** serveConsole only reaches the Fastify instance: a bare one stands in for the Nest app. */
const asApp = (fastify: FastifyInstance) => ({ getHttpAdapter: () => ({ getInstance: () => fastify }) }) as unknown as NestFastifyApplication;

describe('the console at /console', () => {
  let dir: string;
  let fastify: FastifyInstance;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'console-assets-'));
    fastify = Fastify();
  });
  afterEach(async () => {
    await fastify.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the built files, and index.html for any screen address under /console (a reload of a deep link works)', async () => {
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    await serveConsole(asApp(fastify), dir);

    const asset = await fastify.inject('/console/assets/app-1234.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toContain('immutable');

    for (const path of ['/console/', '/console/subscriptions/sub-1', '/console/customers/c-1']) {
      const page = await fastify.inject(path);
      expect({ path, status: page.statusCode, type: page.headers['content-type'] }).toEqual({ path, status: 200, type: 'text/html; charset=utf-8' });
      expect(page.body).toContain('<title>console</title>');
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    const bare = await fastify.inject('/console');
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/console/');
  });

  it('says how to build the console when it is not built, and the server still starts', async () => {
    await serveConsole(asApp(fastify), join(dir, 'missing'));
    for (const path of ['/console', '/console/', '/console/customers']) {
      const answer = await fastify.inject(path);
      expect(answer.statusCode).toBe(503);
      expect(answer.body).toContain('npm run build:console');
    }
  });
});
