#!/usr/bin/env node
// The gradphoto CLI: TypeScript run through tsx's CommonJS hook (no build step).
'use strict';
require('tsx/cjs');
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
