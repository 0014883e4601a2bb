import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { idCheckChar } from '../../cloudfunctions/codes/chineseId';
import { issueCode, type IssuedCode, type IssueInput } from '../../cloudfunctions/codes/issue';
import { devKeyring } from '../../cloudfunctions/codes/keyring';
import { createSandboxCodec } from '../../cloudfunctions/codes/sandboxCodec';
import { REPO, removeDataDir, tempDataDir } from './localCloud';

/** Issues sandbox 采集码 with the codes library (the dev key the local cloud uses in tests). */
const codec = createSandboxCodec(devKeyring());
let serial = 0;

export interface TestCode extends IssuedCode {
  /**
   * The PNG a student saves, made by the issuer CLI (`gradphoto-codes issue --out`) for the same student.
   * A child process: rendering PNGs inside jest's sandbox is many times slower.
   */
  png(): Promise<Buffer>;
  idLast4: string;
}

async function renderWithCli(input: IssueInput): Promise<Buffer> {
  const dir = tempDataDir();
  const out = path.join(dir, 'code.png');
  const args = ['issue', '--number', input.number, '--name', input.name, '--id', input.id, '--school-code', input.schoolCode];
  args.push('--school', input.schoolName, '--level', input.level, '--major', input.major, '--grad-year', String(input.gradYear), '--out', out);
  await promisify(execFile)(process.execPath, [path.join(REPO, 'cloudfunctions/codes/bin/gradphoto-codes.cjs'), ...args], { cwd: REPO });
  try {
    return await readFile(out);
  } finally {
    removeDataDir(dir);
  }
}

/** A new student's code; `schoolCode` defaults to the demo school's. */
export function issueTestCode(options: { schoolCode?: string; schoolName?: string } = {}): TestCode {
  serial += 1;
  const unique = `${process.pid % 10000}${String(serial).padStart(3, '0')}`.padStart(7, '0');
  const first17 = `43010420030101${String(serial % 1000).padStart(3, '0')}`;
  const input: IssueInput = {
    number: `202643${unique}`,
    name: '王小明',
    id: first17 + idCheckChar(first17),
    schoolCode: options.schoolCode ?? '10538',
    schoolName: options.schoolName ?? '中南林业科技大学',
    level: '本科',
    major: '计算机科学与技术',
    gradYear: 2026,
  };
  const issued = issueCode(input, codec);
  return { ...issued, png: () => renderWithCli(input), idLast4: issued.payload.idMasked.slice(-4) };
}
