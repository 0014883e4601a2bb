import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openSqlite, SqliteDb } from '../cloudfunctions/adapters/local/sqliteDb';
import { runAdmin } from './adminCommands';

const REPO = path.resolve(__dirname, '..');

describe('npm run admin', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gradphoto-admin-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function admin(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runAdmin(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), env: { GRADPHOTO_DATA: dataDir } });
    return { code, out, err };
  }

  it('creates schools and grants reviewer, school and ops roles on the local database', async () => {
    const created = await admin('create-school', '--code', '10538', '--name', '中南林业科技大学');
    expect(created.code).toBe(0);
    const { school } = JSON.parse(created.out) as { school: { id: string; code: string } };
    expect(school.code).toBe('10538');

    expect((await admin('grant', '--openid', 'oReviewer1', '--role', 'reviewer', '--school', '10538')).code).toBe(0);
    expect((await admin('grant', '--openid', 'oAdmin1', '--role', 'school', '--school', school.id)).code).toBe(0);
    expect((await admin('grant', '--openid', 'oOps1', '--role', 'ops')).code).toBe(0);
    const listed = await admin('list-schools');
    expect(JSON.parse(listed.out)).toEqual({ schools: [{ id: school.id, code: '10538', name: '中南林业科技大学' }] });

    const db = SqliteDb.open(openSqlite(path.join(dataDir, 'gradphoto.sqlite')));
    try {
      const users = await db.collection('users').find({ orderBy: [['id', 'asc']] });
      expect(users.map(({ openid, roles, schoolId }) => ({ openid, roles, schoolId }))).toEqual([
        { openid: 'oAdmin1', roles: ['school'], schoolId: school.id },
        { openid: 'oOps1', roles: ['ops'], schoolId: undefined },
        { openid: 'oReviewer1', roles: ['reviewer'], schoolId: school.id },
      ]);
      expect(await db.collection('audit').count({ actor: 'admin-cli' })).toBe(4);
    } finally {
      db.close();
    }
  });

  it('refuses bad input with a Chinese message and a non-zero exit code, changing nothing', async () => {
    expect(await admin('create-school', '--code', '123', '--name', '某大学')).toMatchObject({ code: 1, err: expect.stringContaining('学校代码应为5位数字') });
    expect(await admin('grant', '--openid', 'oX', '--role', 'reviewer')).toMatchObject({ code: 1, err: expect.stringContaining('需要指定学校') });
    expect(await admin('grant', '--openid', 'oX', '--role', 'school', '--school', '99999')).toMatchObject({ code: 1, err: expect.stringContaining('NOT_FOUND') });
    await admin('create-school', '--code', '10538', '--name', '中南林业科技大学');
    expect(await admin('create-school', '--code', '10538', '--name', '重名')).toMatchObject({ code: 1, err: expect.stringContaining('已存在') });
    expect(await admin('delete-everything')).toMatchObject({ code: 2, err: expect.stringContaining('用法') });
    expect(await admin('grant', '--bogus', 'x')).toMatchObject({ code: 2 });
    expect(JSON.parse((await admin('list-schools')).out).schools).toHaveLength(1);
  });

  it('runs as `npm run admin -- …`', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'admin', '--', 'create-school', '--code', '10001', '--name', '北京大学'], {
      cwd: REPO,
      env: { ...process.env, GRADPHOTO_DATA: dataDir },
    });
    expect(JSON.parse(stdout)).toMatchObject({ school: { code: '10001', name: '北京大学' } });
  });
});
