import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { runVariantSuite } from './testing/variantSuite';

/**
 * The realistic uploads, read end to end. They run in a plain Node child process: jest's sandbox makes
 * every global lookup (Math.*, which jsQR uses in its inner loops) ~20x slower, which would turn 2 s of
 * work into a minute.
 */
type Suite = Awaited<ReturnType<typeof runVariantSuite>>;

describe('reading the 采集码 from realistic uploads', () => {
  let suite: Suite;
  beforeAll(async () => {
    const root = join(__dirname, '..', '..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--require', 'tsx/cjs', join(__dirname, 'testing', 'printVariantSuite.ts')],
      { cwd: root, maxBuffer: 1 << 20 },
    );
    suite = JSON.parse(stdout) as Suite;
  });

  const outcome = (name: string) => suite.results.find((result) => result.name === name)?.outcome;

  it.each([
    'long-press PNG',
    'long-press as WebP',
    'phone screenshot (30%, JPEG 70)',
    'photo of a screen',
    'dark mode',
    'screenshot with a second QR',
  ])('decodes the %s to the issued payload', (name) => {
    expect(outcome(name)).toEqual(suite.payload);
  });

  it('the screenshot is a full phone screen', () => {
    expect(suite.results.find((result) => result.name === 'phone screenshot (30%, JPEG 70)')).toMatchObject({ width: 1080, height: 2340 });
  });

  it('says CODE_MALFORMED for a QR that holds something else (a URL)', () => {
    expect(outcome('a URL QR only')).toEqual({ error: 'CODE_MALFORMED' });
  });

  it('says CODE_UNREADABLE when there is no QR at all', () => {
    expect(outcome('no QR at all')).toEqual({ error: 'CODE_UNREADABLE' });
  });
});
