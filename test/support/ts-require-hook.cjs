/**
 * `node -r ./test/support/ts-require-hook.cjs file.ts`: runs the TypeScript sources in a
 * child process the way the build compiles them, decorator metadata included (which Nest's
 * dependency injection needs and tsx/esbuild does not emit), with the @ledger/* aliases.
 * For tests that start the real service in a process they can kill.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');
const tsconfigPaths = require('tsconfig-paths');

const root = join(__dirname, '..', '..');
const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
const compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true, inlineSources: false };

tsconfigPaths.register({ baseUrl: root, paths: config.compilerOptions.paths });

// `.ts` goes first: `./demo-catalog` must find demo-catalog.ts before demo-catalog.json.
const others = Object.entries(require.extensions);
for (const [extension] of others) delete require.extensions[extension];
require.extensions['.ts'] = (module, fileName) => {
  const { outputText } = ts.transpileModule(readFileSync(fileName, 'utf8'), { compilerOptions, fileName });
  module._compile(outputText, fileName);
};
for (const [extension, load] of others) require.extensions[extension] = load;
