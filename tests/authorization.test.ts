import { Client, photo, type Reply } from './support/client';
import { issueTestCode } from './support/codes';
import { removeDataDir, startLocalCloud, tempDataDir, type RunningCloud } from './support/localCloud';

// Over HTTP against a real server that runs the engine (models load on the first check; a check takes
// seconds on a busy 2-core machine).
jest.setTimeout(240_000);

/**
 * Every student action called as another student, as nobody, with a forged token and with forged ids:
 * nothing of the victim leaks, nothing of the victim changes.
 */
let cloud: RunningCloud;
let dataDir: string;
let victim: Client;
let ids: { enrollmentId: string; photoId: string; pendingPhotoId: string; codeFileId: string; photoFileId: string; codeNumber: string; codeText: string; idLast4: string; phoneMasked: string };
let victimBefore: string;

const snapshot = async () =>
  JSON.stringify([(await victim.ok('student', 'getEnrollment', { enrollmentId: ids.enrollmentId })).photos.map((p) => [p.id, p.state, p.history]), (await victim.ok('student', 'me', {})).user]);

beforeAll(async () => {
  dataDir = tempDataDir();
  cloud = await startLocalCloud(dataDir);
  victim = await new Client(cloud.url).login('student', 'victim-openid');
  const code = issueTestCode();
  const codeFileId = await victim.uploadOk(await code.png());
  const { enrollment } = await victim.ok('student', 'enroll', { fileId: codeFileId, idLast4: code.idLast4 });
  const check = async () =>
    (await victim.ok('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId: await victim.uploadOk(photo('ok-gray-bg.jpg')) })).photo;
  const checked = await check();
  const pending = await check();
  await victim.ok('student', 'submitPhoto', { photoId: pending.id });
  const { user } = await victim.ok('student', 'bindPhone', { code: 'sandbox-victim' });
  ids = {
    enrollmentId: enrollment.id,
    photoId: checked.id,
    pendingPhotoId: pending.id,
    codeFileId,
    photoFileId: await victim.uploadOk(photo('ok-red-bg-tight.jpg')),
    codeNumber: code.payload.number,
    codeText: code.text,
    idLast4: code.idLast4,
    phoneMasked: user.phoneMasked!,
  };
  victimBefore = await snapshot();
});

afterAll(async () => {
  await cloud?.stop();
  removeDataDir(dataDir);
});

/** Every student action aimed at the victim's records. */
const attacks = () =>
  [
    ['readCode', { fileId: ids.codeFileId }],
    ['enroll', { fileId: ids.codeFileId, idLast4: '0000' }],
    ['getEnrollment', { enrollmentId: ids.enrollmentId }],
    ['checkPhoto', { enrollmentId: ids.enrollmentId, fileId: ids.photoFileId }],
    ['submitPhoto', { photoId: ids.photoId }],
    ['remakePhoto', { photoId: ids.photoId }],
    ['withdrawPhoto', { photoId: ids.pendingPhotoId }],
    ['listEnrollments', {}],
    ['me', {}],
    ['bindPhone', { code: 'sandbox-intruder' }],
  ] as const;

function leaks(reply: Reply<unknown>): boolean {
  const text = JSON.stringify(reply);
  return [ids.enrollmentId, ids.photoId, ids.pendingPhotoId, ids.codeNumber, ids.phoneMasked, 'victim-openid'].some((secret) => text.includes(secret));
}

describe('authorisation matrix', () => {
  it.each(['as nobody', 'with a forged token', 'with a token for another openid, re-signed wrongly'])('refuses every action %s', async (how) => {
    const token = how === 'as nobody' ? undefined : how === 'with a forged token' ? 'dmljdGltLW9wZW5pZA.forged' : `${Buffer.from('victim-openid').toString('base64url')}.AAAA`;
    const intruder = new Client(cloud.url, token);
    for (const [action, input] of attacks()) {
      const reply = await intruder.call('student', action, input as never);
      expect([action, reply.status, reply.ok || reply.error.code]).toEqual([action, 401, 'UNAUTHENTICATED']);
      expect(leaks(reply)).toBe(false);
    }
    expect(await intruder.upload(photo('ok-gray-bg.jpg'))).toMatchObject({ status: 401 });
    expect(await snapshot()).toBe(victimBefore);
  });

  it('shows another student nothing of the victim and lets them change nothing', async () => {
    const intruder = await new Client(cloud.url).login('student');
    for (const [action, input] of attacks()) {
      const reply = await intruder.call('student', action, input as never);
      if (action === 'listEnrollments') expect(reply).toMatchObject({ ok: true, data: { enrollments: [] } });
      else if (action === 'enroll') expect(reply.ok).toBe(false);
      // Their own account, never the victim's: the leak check below looks for the victim's openid and phone.
      else if (action === 'me' || action === 'bindPhone') expect(reply).toMatchObject({ ok: true, data: { user: { roles: ['student'] } } });
      else expect([action, reply.ok || reply.error.code]).toEqual([action, 'NOT_FOUND']);
      expect(leaks(reply)).toBe(false);
    }
    expect(await snapshot()).toBe(victimBefore);
  });

  it('cannot claim the victim’s 采集码 even with the right last 4 digits', async () => {
    const intruder = await new Client(cloud.url).login('student');
    const reply = await intruder.call('student', 'enroll', { text: ids.codeText, idLast4: ids.idLast4 });
    expect(reply).toMatchObject({ ok: false, status: 409, error: { code: 'CONFLICT' } });
    expect(leaks(reply)).toBe(false);
    expect(await snapshot()).toBe(victimBefore);
  });

  it('ignores identity in the request body and refuses unknown fields', async () => {
    const intruder = await new Client(cloud.url).login('student');
    const reply = await intruder.post('/api/student', { action: 'listEnrollments', input: { openid: 'victim-openid' }, openid: 'victim-openid', OPENID: 'victim-openid' });
    expect(reply).toMatchObject({ ok: false, status: 400, error: { code: 'INVALID_INPUT' } });
    const plain = await intruder.post('/api/student', { action: 'listEnrollments', input: {}, OPENID: 'victim-openid' });
    expect(plain).toMatchObject({ ok: true, data: { enrollments: [] } });
  });

  it('answers forged ids as not found, never with an internal error', async () => {
    const intruder = await new Client(cloud.url).login('student');
    for (const forged of ['nope', '../../etc/passwd', "' OR 1=1 --", 'x'.repeat(64)]) {
      for (const [action, input] of [
        ['getEnrollment', { enrollmentId: forged }],
        ['submitPhoto', { photoId: forged }],
        ['remakePhoto', { photoId: forged }],
        ['withdrawPhoto', { photoId: forged }],
        ['readCode', { fileId: forged }],
        ['checkPhoto', { enrollmentId: forged, fileId: forged }],
      ] as const) {
        const reply = await intruder.call('student', action, input as never);
        expect([action, forged, !reply.ok && reply.error.code]).toEqual([action, forged, 'NOT_FOUND']);
      }
    }
  });

  it('keeps internal functions and files closed', async () => {
    const intruder = await new Client(cloud.url).login('student');
    expect(await intruder.post('/api/imaging', { action: 'process', input: { sourceFileId: ids.photoFileId } })).toMatchObject({ status: 404 });
    expect((await fetch(`${cloud.url}/api/files/${ids.photoFileId}`)).status).toBe(404);
    expect((await fetch(`${cloud.url}/api/files/${ids.photoFileId}?token=9999999999.forged`)).status).toBe(404);
  });
});

describe('production mode', () => {
  it('has no dev login (and so no way in without the platform’s identity)', async () => {
    const dir = tempDataDir();
    const production = await startLocalCloud(dir, {
      NODE_ENV: 'production',
      GRADPHOTO_SEED: 'false',
      GRADPHOTO_CODE_KEYS: `prod:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    try {
      const login = await new Client(production.url).post('/api/dev/login', { role: 'student', openid: 'victim-openid' });
      expect(login).toMatchObject({ ok: false, status: 404, error: { code: 'NOT_FOUND' } });
      const call = await new Client(production.url, 'dmljdGltLW9wZW5pZA.forged').call('student', 'listEnrollments', {});
      expect(call).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } });
    } finally {
      await production.stop();
      removeDataDir(dir);
    }
  });
});
