#!/usr/bin/env node
// The `gradphoto-codes` command (package.json "bin"): runs the TypeScript CLI through tsx.
'use strict';
require('tsx/cjs');
const { main } = require('../cli/issueCli.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`内部错误：${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
