// Runs the worker straight from TypeScript sources in a child process (integration tests, local
// development): compiles .ts with SWC using the repo's .swcrc (decorator metadata, which Nest's
// injection needs and tsx/esbuild do not emit) and resolves @meridian/* to each lib's src/index.ts,
// like tsconfig.base.json paths. Usage: node -r ./apps/worker/test/swc-register.cjs apps/worker/src/main.ts
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..', '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
const aliases = {};
for (const dir of ['libs', 'tools']) {
  for (const name of fs.readdirSync(path.join(root, dir))) {
    const entry = path.join(root, dir, name, 'src', 'index.ts');
    if (fs.existsSync(entry)) aliases[`@meridian/${name}`] = entry;
  }
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  return aliases[request] ?? resolve.call(this, request, parent, ...rest);
};

Module._extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
