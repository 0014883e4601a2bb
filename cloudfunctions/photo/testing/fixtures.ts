/** The shared fixture photos and what their names promise (photo-standard.md §5). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckCode, InputErrorCode } from '../report';

export const FIXTURES_DIR = process.env.GRADPHOTO_FIXTURES ?? path.resolve(__dirname, '../../../../shared/fixtures/photos');

export function fixtures(prefix: 'ok-' | 'bad-' | 'edge-'): string[] {
  return fs
    .readdirSync(FIXTURES_DIR)
    .filter((f) => f.startsWith(prefix))
    .sort();
}

export function readFixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES_DIR, name));
}

/** Words in a bad- fixture's name and the code each one names. */
const NAMED: Array<[RegExp, CheckCode | InputErrorCode]> = [
  [/not-an-image/, 'FILE_UNSUPPORTED'],
  [/no-face/, 'FACE_NOT_FOUND'],
  [/two-faces|group/, 'FACE_MULTIPLE'],
  [/low-res/, 'RESOLUTION_LOW'],
  [/tilted/, 'HEAD_ROLL'],
  [/blurred/, 'BLUR'],
  [/dark/, 'UNDEREXPOSED'],
  [/teeth/, 'MOUTH_OPEN'],
  [/-bg/, 'BACKGROUND_CLUTTERED'],
];

/** The codes a bad- fixture's name names; throws for a name nobody mapped, so a new fixture is not skipped. */
export function namedCodes(name: string): Array<CheckCode | InputErrorCode> {
  const codes = NAMED.filter(([re]) => re.test(name)).map(([, code]) => code);
  if (codes.length === 0) throw new Error(`no code is mapped for fixture ${name}`);
  return codes;
}
