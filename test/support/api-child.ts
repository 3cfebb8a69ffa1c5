/**
 * Child process for the crash tests: the real service (api + worker, embedded stores in
 * DATA_DIR), as `npm start` runs it, on a random port; prints `listening <port>` once it answers.
 */
import 'reflect-metadata';
import { parseAppConfig } from '@ledger/infrastructure';
import { createApi } from '../../apps/api/src/create-api';

async function main(): Promise<void> {
  // Only DATA_DIR from the environment: the embedded stores, whatever URLs the shell has set.
  const config = parseAppConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: process.env.DATA_DIR });
  const app = await createApi(config, { withWorker: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(`listening ${port}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
