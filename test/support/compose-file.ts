import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What docker-compose.yml runs for the ledger: each service's command and the shared
 * environment (the `&ledger-env` block), read from the file itself so the topology tests
 * start exactly that. A small reader for this file's shape, not a YAML parser: it fails
 * loudly when the shape changes.
 */
export interface ComposeLedger {
  apiCommand: string[];
  workerCommand: string[];
  env: Record<string, string>;
}

export function readComposeLedger(file = join(__dirname, '..', '..', 'docker-compose.yml')): ComposeLedger {
  const lines = readFileSync(file, 'utf8').split('\n');
  const service = (name: string) => {
    const start = lines.indexOf(`  ${name}:`);
    if (start < 0) throw new Error(`docker-compose.yml has no service ${name}`);
    const end = lines.findIndex((line, i) => i > start && /^ {2}\S/.test(line));
    return lines.slice(start + 1, end < 0 ? undefined : end);
  };
  const command = (name: string) => {
    const line = service(name).find((l) => /^ {4}command: \[/.test(l));
    if (!line) throw new Error(`docker-compose.yml: service ${name} has no command array`);
    return JSON.parse(line.replace(/^ {4}command: /, '')) as string[];
  };
  const api = service('api');
  const from = api.findIndex((l) => l.trim() === 'environment: &ledger-env');
  if (from < 0) throw new Error('docker-compose.yml: the api service has no `environment: &ledger-env` block');
  const env: Record<string, string> = {};
  for (const line of api.slice(from + 1)) {
    if (/^ {6}#/.test(line)) continue;
    const match = /^ {6}([A-Z_]+): (.*)$/.exec(line);
    if (!match) break;
    env[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return { apiCommand: command('api'), workerCommand: command('worker'), env };
}
