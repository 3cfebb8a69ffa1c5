/**
 * Runs a TypeScript entry point (the real service: apps/api/src/main.ts) as a child process
 * in tests, without a build: `node test/e2e/service/run-ts.js <file.ts>`. tsx cannot be
 * used for Nest apps (esbuild emits no decorator metadata, which dependency injection
 * reads), so each .ts file is transpiled on require by TypeScript itself, like ts-jest's
 * isolated mode, and `@ledger/*` imports resolve as the tsconfig paths say. Transpiled
 * files are cached by content in the temp folder (the tests start the service many times).
 */
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const Module = require('node:module');
const { join, resolve } = require('node:path');
const ts = require('typescript');

const ROOT = join(__dirname, '..', '..', '..');
const LEDGER = /^@ledger\/(domain|application|infrastructure|worker|runtime)(\/.*)?$/;
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  sourceMap: false,
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = LEDGER.exec(request);
  return resolveFilename.call(this, match ? join(ROOT, 'libs', match[1], 'src', match[2] || '') : request, ...rest);
};
// First in the list: an extensionless import of `x` must find x.ts before a sibling x.json.
const builtIn = { ...Module._extensions };
for (const extension of Object.keys(builtIn)) delete Module._extensions[extension];
const CACHE = join(tmpdir(), `ledger-run-ts-${ts.version}`);
mkdirSync(CACHE, { recursive: true });

function transpiled(filename) {
  const source = readFileSync(filename, 'utf8');
  const cached = join(CACHE, createHash('sha256').update(filename).update('\0').update(source).digest('hex') + '.js');
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions });
    // Written aside, then renamed: a parallel run never reads half a file.
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, outputText);
    renameSync(partial, cached);
    return outputText;
  }
}

Module._extensions['.ts'] = (module, filename) => module._compile(transpiled(filename), filename);
Object.assign(Module._extensions, builtIn);

require(resolve(process.argv[2]));
