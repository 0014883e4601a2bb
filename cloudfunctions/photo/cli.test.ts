/** The `gradphoto` command keeps photo-standard.md §4: one JSON line per file, exit statuses 0/1/2, outputs only for passing photos. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { reportSchema } from './report';
import { FIXTURES_DIR } from './testing/fixtures';

jest.setTimeout(300_000);

const BIN = path.resolve(__dirname, 'bin/gradphoto.cjs');
const fixture = (name: string): string => path.join(FIXTURES_DIR, name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gradphoto-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function gradphoto(...args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

it('check --json prints one report line per file in order; exit 2 when an input could not be read', () => {
  const r = gradphoto('check', '--json', fixture('bad-no-face-cat.png'), fixture('bad-not-an-image.jpg'));
  expect(r.status).toBe(2);
  const reports = r.lines.map((l) => reportSchema.parse(JSON.parse(l)));
  expect(reports.map((x) => [path.basename(x.file ?? ''), x.verdict])).toEqual([
    ['bad-no-face-cat.png', 'fail'],
    ['bad-not-an-image.jpg', 'error'],
  ]);
  expect(reports[1]!.error?.code).toBe('FILE_UNSUPPORTED');
  expect(reports[1]!.checks).toBeUndefined();
});

it('check exits 1 when a photo failed and every input was read', () => {
  expect(gradphoto('check', fixture('bad-no-face-cat.png')).status).toBe(1);
});

it('make writes OUT for a passing photo (exit 0, with the output measured) and nothing for a failing one (exit 1)', async () => {
  const out = path.join(tmp, 'ok.jpg');
  const ok = gradphoto('make', '--json', '--background', 'white', '-o', out, fixture('ok-red-bg-tight.jpg'));
  expect(ok.status).toBe(0);
  const report = reportSchema.parse(JSON.parse(ok.lines[0]!));
  expect(report.output).toMatchObject({ width: 480, height: 640, dpi: 300, bytes: fs.statSync(out).size });
  expect((await sharp(out).metadata()).width).toBe(480);

  const bad = path.join(tmp, 'bad.jpg');
  expect(gradphoto('make', '-o', bad, fixture('bad-tilted.jpg')).status).toBe(1);
  expect(fs.existsSync(bad)).toBe(false);
});

it('matte writes an 8-bit grey PNG at the source size, and exits 2 when there is no person', async () => {
  const out = path.join(tmp, 'matte.png');
  expect(gradphoto('matte', '-o', out, fixture('ok-gray-bg.jpg')).status).toBe(0);
  const meta = await sharp(out).metadata();
  expect([meta.width, meta.height, meta.channels, meta.depth]).toEqual([512, 715, 1, 'uchar']);

  const none = path.join(tmp, 'none.png');
  expect(gradphoto('matte', '-o', none, fixture('bad-no-face-cat.png')).status).toBe(2);
  expect(fs.existsSync(none)).toBe(false);
});

it('rejects bad usage with exit 2 and the usage text', () => {
  const r = gradphoto('make', '--size', '100x100', '-o', path.join(tmp, 'x.jpg'), fixture('ok-gray-bg.jpg'));
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('用法');
});
