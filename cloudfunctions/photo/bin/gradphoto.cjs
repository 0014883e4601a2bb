#!/usr/bin/env node
// The gradphoto CLI: the precompiled bundle (bundle.cjs), or the TypeScript through tsx's CommonJS hook when
// the bundle cannot be built.
'use strict';
const { ensureBundle } = require('./bundle.cjs');

// A reader that stops early (`gradphoto check … | head -1`) closes stdout: end quietly, as other tools do,
// instead of letting the error reach the wasm runtime's uncaught-exception handler.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const bundle = ensureBundle();
const { main } = bundle ? require(bundle) : (require('tsx/cjs'), require('../cli.ts'));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`gradphoto: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
