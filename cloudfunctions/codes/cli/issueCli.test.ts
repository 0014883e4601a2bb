import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { devKeyring } from '../keyring';
import { createSandboxCodec } from '../sandboxCodec';
import { main, type CliIo } from './issueCli';

const codec = createSandboxCodec(devKeyring());

/** api.md's example, with an ID whose check digit is valid. */
const ISSUE_ARGS = ['issue', '--number', '2026430100123', '--name', '张三', '--id', '430104200001011236', '--school-code', '10538',
  '--school', '中南林业科技大学', '--level', '本科', '--major', '计算机科学与技术', '--grad-year', '2026'];

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env };
  return { code: await main(argv, io), stdout, stderr };
}

describe('gradphoto-codes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gradphoto-codes-'));
  });

  it('issue prints the code text and writes the QR PNG; read gives back what it holds', async () => {
    const out = join(dir, 'code.png');
    const issued = await run([...ISSUE_ARGS, '--out', out]);
    expect({ code: issued.code, stderr: issued.stderr }).toEqual({ code: 0, stderr: '' });
    const payload = codec.decode(issued.stdout.trim());
    expect(payload).toMatchObject({ number: '2026430100123', nameMasked: '张*', idMasked: '430104********1236' });
    expect(await sharp(out).metadata()).toMatchObject({ format: 'png' });

    const read = await run(['read', out]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toEqual(payload);
  });

  it("issues api.md's example as written, warning that its ID check digit is wrong", async () => {
    const { code, stdout, stderr } = await run([...ISSUE_ARGS, '--id', '430104200001011234']);
    expect(code).toBe(0);
    expect(codec.decode(stdout.trim()).idMasked).toBe('430104********1234');
    expect(stderr).toBe('警告：身份证号码校验位不正确（按前17位应为 6），请核对号码\n');
  });

  it.each([
    ['an ID number of the wrong length', ['--id', '43010420000101123'], '身份证号码应为18位'],
    ['a non-numeric year', ['--grad-year', '二〇二六'], '--grad-year（毕业年份）应为4位数字'],
    ['an unknown option', ['--colour', 'blue'], '参数无法识别'],
  ])('exits 2 with a Chinese error for %s', async (_case, change, message) => {
    const { code, stdout, stderr } = await run([...ISSUE_ARGS, ...change]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(message);
  });

  it('names every missing option', async () => {
    const { code, stderr } = await run(['issue', '--name', '张三']);
    expect(code).toBe(2);
    expect(stderr).toContain('缺少参数：--number（采集码编号）、--id（身份证号码）');
  });

  it('refuses to issue in production without keys (exit 1)', async () => {
    const { code, stderr } = await run(ISSUE_ARGS, { NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr).toContain('CODE_KEYS_MISSING');
  });

  it('runs as the package bin', async () => {
    const bin = join(__dirname, '..', 'bin', 'gradphoto-codes.cjs');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, ...ISSUE_ARGS], { env: { ...process.env, NODE_ENV: 'test' } });
    expect(codec.decode(stdout.trim()).schoolCode).toBe('10538');
    await expect(promisify(execFile)(process.execPath, [bin, 'issue'])).rejects.toMatchObject({ code: 2 });
  });
});
