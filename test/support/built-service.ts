import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const STAMP = join(ROOT, 'dist', '.sources');
const LOCK = join(ROOT, '.dist-build.lock');

function sourcesHash(): string {
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(name) && !name.endsWith('.spec.ts')) hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of ['apps', 'libs']) walk(join(ROOT, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json']) hash.update(readFileSync(join(ROOT, file)));
  return hash.digest('hex');
}

const upToDate = (hash: string) => existsSync(MAIN) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;

/**
 * The service as `npm start` runs it (dist/, built by the Nest CLI with tsc: Nest's
 * dependency injection needs the decorator metadata that tsx does not emit), for tests
 * that kill it. Built once for the current sources; concurrent test files wait on a lock.
 */
export async function builtServiceMain(): Promise<string> {
  const hash = sourcesHash();
  if (upToDate(hash)) return MAIN;
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${LOCK} is held for more than 5 minutes: remove it if no build runs`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (!upToDate(hash)) {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', 'api'], { cwd: ROOT, stdio: 'inherit' });
      writeFileSync(STAMP, hash);
    }
  } finally {
    rmdirSync(LOCK);
  }
  return MAIN;
}
