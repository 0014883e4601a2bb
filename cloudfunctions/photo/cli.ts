/**
 * The `gradphoto` command (photo-standard.md §4):
 *   gradphoto check [--json] FILE...
 *   gradphoto make  [--json] [--background blue|white|grey] [--size 480x640|960x1280] -o OUT FILE
 *   gradphoto matte -o OUT.png FILE
 * Exit status: 0 all passed, 1 some photo failed, 2 some input could not be read (or, for matte, no person).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createEngine, NoPersonError, type PhotoEngine } from './engine';
import { tuneHeapForPhotos } from './heap';
import { InputError } from './decode';
import { BACKGROUNDS, OUTPUT_SIZES } from './limits';
import type { PhotoReport } from './report';

const USAGE = `用法：
  gradphoto check [--json] FILE...
  gradphoto make  [--json] [--background blue|white|grey] [--size 480x640|960x1280] -o OUT FILE
  gradphoto matte -o OUT.png FILE`;

class UsageError extends Error {}

const makeFlags = z.object({
  background: z.enum(Object.keys(BACKGROUNDS) as [keyof typeof BACKGROUNDS]).default('blue'),
  size: z.enum(Object.keys(OUTPUT_SIZES) as [keyof typeof OUTPUT_SIZES]).default('480x640'),
});

function readInput(file: string): Buffer | InputError {
  try {
    return fs.readFileSync(file);
  } catch {
    return new InputError('FILE_UNSUPPORTED', `无法打开文件 ${file}`);
  }
}

function inputErrorReport(file: string, err: InputError): PhotoReport {
  return { file, verdict: 'error', error: { code: err.code, message: err.message }, timingMs: { total: 0 } };
}

function exitStatus(reports: PhotoReport[]): number {
  if (reports.some((r) => r.verdict === 'error')) return 2;
  return reports.some((r) => r.verdict === 'fail') ? 1 : 0;
}

function print(report: PhotoReport, json: boolean, out: NodeJS.WritableStream): void {
  if (json) {
    out.write(JSON.stringify(report) + '\n');
    return;
  }
  const name = report.file ?? '';
  if (report.verdict === 'error') {
    out.write(`${name}: 无法读取 — ${report.error?.message ?? ''}\n`);
    return;
  }
  out.write(`${name}: ${report.verdict === 'pass' ? '通过' : '不通过'}\n`);
  for (const c of report.checks ?? []) {
    if (c.status !== 'pass') out.write(`  ${c.status === 'fail' ? '✗' : '!'} ${c.code}（${c.value ?? ''}）${c.message}\n`);
  }
  if (report.output) out.write(`  输出 ${report.output.width}×${report.output.height}，${report.output.bytes} 字节\n`);
}

async function check(engine: PhotoEngine, files: string[], json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const reports: PhotoReport[] = [];
  for (const file of files) {
    const input = readInput(file);
    const report = input instanceof InputError ? inputErrorReport(file, input) : await engine.check(input, { fileName: file });
    print(report, json, out);
    reports.push(report);
  }
  return exitStatus(reports);
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  // `gradphoto check` takes many files in one process.
  tuneHeapForPhotos();
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        background: { type: 'string' },
        size: { type: 'string' },
      },
    });
    if (command === 'check') {
      if (positionals.length === 0) throw new UsageError('check 需要至少一个文件');
      return await check(await createEngine(), positionals, values.json, out);
    }
    if (command === 'make') {
      const file = positionals[0];
      if (!values.output || positionals.length !== 1 || !file) throw new UsageError('make 需要 -o OUT 和一个文件');
      const flags = makeFlags.safeParse({ background: values.background, size: values.size });
      if (!flags.success) throw new UsageError('--background 只能是 blue|white|grey，--size 只能是 480x640|960x1280');
      const input = readInput(file);
      if (input instanceof InputError) {
        print(inputErrorReport(file, input), values.json, out);
        return 2;
      }
      const engine = await createEngine();
      const { report, output } = await engine.make(input, { ...flags.data, fileName: file });
      if (output) fs.writeFileSync(values.output, output.jpeg);
      print(report, values.json, out);
      return exitStatus([report]);
    }
    if (command === 'matte') {
      const file = positionals[0];
      if (!values.output || positionals.length !== 1 || !file) throw new UsageError('matte 需要 -o OUT.png 和一个文件');
      const input = readInput(file);
      if (input instanceof InputError) throw input;
      const engine = await createEngine();
      const matte = await engine.matte(input);
      fs.writeFileSync(values.output, matte.png);
      out.write(`${path.basename(values.output)}: ${matte.width}×${matte.height}\n`);
      return 0;
    }
    throw new UsageError(command ? `未知命令 ${command}` : '缺少命令');
  } catch (e) {
    if (e instanceof InputError || e instanceof NoPersonError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      err.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    // A broken installation (models missing) or a bug: one clear line, not the wasm module's dump.
    err.write(`gradphoto: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
