#!/usr/bin/env node
// The gradphoto CLI: TypeScript run through tsx's CommonJS hook (no build step).
'use strict';
require('tsx/cjs');

// A reader that stops early (`gradphoto check … | head -1`) closes stdout: end quietly, as other tools do,
// instead of letting the error reach the wasm runtime's uncaught-exception handler.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = require('../cli.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`gradphoto: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
