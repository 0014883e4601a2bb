import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { CodeError } from '../errors';
import { issueCode, type IssueInput } from '../issue';
import { KeyringError, resolveKeyring } from '../keyring';
import { renderCodeImage } from '../qrRender';
import { readCodeFromImage } from '../qrRead';
import { createSandboxCodec } from '../sandboxCodec';

/**
 * `gradphoto-codes`: issues sandbox 采集码 for demos, training and tests, and reads one back from an
 * image. Keys come from GRADPHOTO_CODE_KEYS (the public dev key outside production). Exit codes: 0 done,
 * 1 the code or keys were refused, 2 bad arguments.
 */

const USAGE = `用法：
  gradphoto-codes issue --number <采集码编号> --name <姓名> --id <18位身份证号> \\
    --school-code <院校代码> --school <院校名称> --level <层次> --major <专业> \\
    --grad-year <毕业年份> [--out code.png]
      签发沙箱采集码：在标准输出打印采集码文本，--out 给出时写入二维码图片（PNG）。
  gradphoto-codes read <图片>
      识别图片中的采集码并解密，打印其中的信息（JSON）。
密钥取自环境变量 GRADPHOTO_CODE_KEYS（格式「编号:32字节base64密钥,…」，第一个用于签发）；
未设置且非生产环境时使用公开的开发密钥。`;

const ISSUE_OPTIONS = {
  number: { label: '采集码编号' },
  name: { label: '姓名' },
  id: { label: '身份证号码' },
  'school-code': { label: '院校代码' },
  school: { label: '院校名称' },
  level: { label: '层次' },
  major: { label: '专业' },
  'grad-year': { label: '毕业年份' },
} as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

class UsageError extends Error {}

/** Node's own error code (ERR_PARSE_ARGS_…, ENOENT); duck-typed because such errors may come from another realm. */
function nodeErrorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

function issueInput(values: Record<string, string | undefined>): IssueInput {
  const missing = Object.entries(ISSUE_OPTIONS).filter(([flag]) => !values[flag]);
  if (missing.length > 0) {
    throw new UsageError(`缺少参数：${missing.map(([flag, { label }]) => `--${flag}（${label}）`).join('、')}`);
  }
  const gradYear = values['grad-year'] ?? '';
  if (!/^\d{4}$/.test(gradYear)) throw new UsageError('--grad-year（毕业年份）应为4位数字，如 2026');
  return {
    number: values.number ?? '',
    name: values.name ?? '',
    id: values.id ?? '',
    schoolCode: values['school-code'] ?? '',
    schoolName: values.school ?? '',
    level: values.level ?? '',
    major: values.major ?? '',
    gradYear: Number(gradYear),
  };
}

async function issue(args: string[], io: CliIo): Promise<void> {
  const options = Object.fromEntries([...Object.keys(ISSUE_OPTIONS), 'out'].map((flag) => [flag, { type: 'string' as const }]));
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  const input = issueInput(values as Record<string, string | undefined>);
  const { text, payload, warnings } = issueCode(input, createSandboxCodec(resolveKeyring(io.env)));
  for (const warning of warnings) io.stderr(`警告：${warning}\n`);
  if (typeof values.out === 'string') await writeFile(values.out, await renderCodeImage(text, payload));
  io.stdout(`${text}\n`);
}

async function read(args: string[], io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('请给出一个图片文件：gradphoto-codes read <图片>');
  const codec = createSandboxCodec(resolveKeyring(io.env));
  const text = await readCodeFromImage(await readFile(file), { accept: (candidate) => codec.recognizes(candidate) });
  io.stdout(`${JSON.stringify(codec.decode(text), null, 2)}\n`);
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'issue') await issue(args, io);
    else if (command === 'read') await read(args, io);
    else if (command === '--help' || command === '-h' || command === 'help') io.stdout(`${USAGE}\n`);
    else throw new UsageError(command ? `未知命令「${command}」` : '请给出命令');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) io.stderr(`错误：${error.message}\n\n${USAGE}\n`);
    else if (error instanceof ZodError) io.stderr(`错误：${error.issues.map((issue) => issue.message).join('；')}\n`);
    else if (error instanceof CodeError || error instanceof KeyringError) {
      io.stderr(`错误（${error.code}）：${error.message}\n`);
      return 1;
    } else if (nodeErrorCode(error).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`错误：参数无法识别（${(error as Error).message}）\n\n${USAGE}\n`);
    } else if (nodeErrorCode(error) === 'ENOENT') {
      io.stderr(`错误：找不到文件（${(error as Error).message}）\n`);
    } else throw error;
    return 2;
  }
}
