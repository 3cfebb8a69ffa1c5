import { open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportEvents } from '@ledger/application';
import { withStores } from '../stores';

/** Where the lines go: standard output, or a file written aside and renamed into place when complete. */
interface Sink {
  write(line: string): void | Promise<void>;
  /** Everything written and durable (a file: synced, then renamed to its name). */
  finish(): Promise<void>;
  /** After a failure: nothing is left under the file's name. */
  abort(): Promise<void>;
}

/** The reader of standard output went away (`| head -3`): the export ends there, quietly and successfully. */
class ReaderGone extends Error {}

/** Errors on standard output that mean the reader closed its end, not that writing failed. */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/**
 * Standard output, with back-pressure (a slow pipe gets every line) and without Node's
 * unhandled 'error' event: a reader that stops early (EPIPE) stops the export (ReaderGone);
 * any other write error (a full disk behind `> file`) fails it with its reason.
 */
function stdoutSink(): Sink {
  const stdout = process.stdout;
  let failure: Error | null = null;
  const waiting = new Set<() => void>();
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    failure = READER_GONE.has(error.code ?? '') ? new ReaderGone() : new Error(`cannot write the export to standard output (${error.code ?? 'error'}: ${error.message})`);
    for (const wake of waiting) wake();
  });
  return {
    write(line) {
      if (failure) throw failure;
      if (stdout.write(line)) return undefined;
      return new Promise<void>((resolve, reject) => {
        const wake = () => {
          waiting.delete(wake);
          stdout.off('drain', wake);
          if (failure) reject(failure);
          else resolve();
        };
        waiting.add(wake);
        stdout.once('drain', wake);
      });
    },
    async finish() {
      if (failure) throw failure;
    },
    async abort() {},
  };
}

const FILE_CHUNK = 1 << 20;

/** `--out <file>`: written to `<file>.partial`, synced, then renamed: the name only ever holds a whole export. */
async function fileSink(file: string): Promise<Sink> {
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w');
  let pending: string[] = [];
  let size = 0;
  const flush = async () => {
    const chunk = pending.join('');
    pending = [];
    size = 0;
    if (chunk) await handle.write(chunk);
  };
  return {
    write(line) {
      pending.push(line);
      size += line.length;
      return size >= FILE_CHUNK ? flush() : undefined;
    },
    async finish() {
      await flush();
      await handle.sync();
      await handle.close();
      await rename(partial, file);
    },
    async abort() {
      await handle.close().catch(() => undefined);
      await rm(partial, { force: true });
    },
  };
}

/**
 * `npm run cli -- export > file` (or `| …`): npm has already written its banner (a blank
 * line, `> subscription-ledger@… cli`, `> node … export`) to the same standard output, so
 * what follows would not be pure NDJSON, and the CLI cannot take it back. npm hides the
 * banner with `-s`/`--silent` (or `--loglevel silent`), or sends it to stderr with `--json`;
 * it tells its scripts which through the environment.
 */
function npmBannerOnStdout(env: NodeJS.ProcessEnv): boolean {
  return (
    env.npm_lifecycle_event === 'cli' &&
    (env.npm_command === 'run' || env.npm_command === 'run-script') &&
    env.npm_config_loglevel !== 'silent' &&
    env.npm_config_json !== 'true' &&
    !process.stdout.isTTY
  );
}

/**
 * `--out` is relative to where the command was typed: npm runs a script in the package's
 * folder, and says where it was started in INIT_CWD (as a shell's `> file` would resolve).
 */
function outPath(out: string): string {
  const base = process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return resolve(base, out);
}

/** `export [--customer <id>] [--from <position>] [--out <file>]`: the log as NDJSON, on stdout or into a file. */
export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { customer: { type: 'string' }, from: { type: 'string' }, out: { type: 'string' } } });
  if (values.out === undefined && npmBannerOnStdout(process.env)) {
    throw new Error(
      'export refused: npm printed its "> subscription-ledger … cli" banner onto standard output ahead of the export, so it would not be pure NDJSON; ' +
        'run `npm run cli -- export --out events.ndjson`, or `npm run -s cli -- export` (-s keeps npm\'s banner off standard output)',
    );
  }
  return withStores(
    async ({ eventStore }) => {
      const target = values.out === undefined ? undefined : outPath(values.out);
      const sink = target === undefined ? stdoutSink() : await fileSink(target);
      let written = 0;
      try {
        const count = await exportEvents(
          eventStore,
          (line) => {
            const done = sink.write(line);
            written++;
            return done;
          },
          { customerId: values.customer, from: values.from ?? null, onProgress: (n, position) => process.stderr.write(`\rexported ${n} events (at ${position})`) },
        );
        await sink.finish();
        process.stderr.write(`\nexported ${count} events${target === undefined ? '' : ` to ${target}`}\n`);
        return 0;
      } catch (error) {
        await sink.abort();
        if (!(error instanceof ReaderGone)) throw error;
        process.stderr.write(`\nexport stopped after ${written} events: the reader closed the pipe\n`);
        return 0;
      }
    },
    { existingLog: true },
  );
}
