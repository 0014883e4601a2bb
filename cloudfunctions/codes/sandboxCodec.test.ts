import { randomBytes } from 'node:crypto';
import { CodeError } from './errors';
import { issueCode } from './issue';
import { createKeyring, devKeyring } from './keyring';
import { createSandboxCodec } from './sandboxCodec';
import { ZHANG_SAN, ZHANG_SAN_CODE } from './testing/students';

const codec = createSandboxCodec(devKeyring());
const { text, payload } = issueCode(ZHANG_SAN, codec);

function decodeError(decode: () => unknown): string {
  try {
    decode();
  } catch (error) {
    if (error instanceof CodeError) return error.code;
    throw error;
  }
  throw new Error('decoded without an error');
}

/**
 * The code with its body cut to a length no base64url text has (4k + 1 characters). Cutting just the last
 * character is not always malformed: when the bits it leaves over happen to be zero (1 time in 16 for this
 * code's length, the IV being random) what remains is canonical base64url of shorter bytes, which only the
 * authentication tag can reject (CODE_TAMPERED, the case below).
 */
function cutToInvalidLength(code: string): string {
  const bodyLength = code.length - code.lastIndexOf('.') - 1;
  return code.slice(0, code.length - 1 - ((bodyLength - 2 + 4) % 4));
}

/** Replaces one character of the base64url body with another valid base64url character. */
function flipBodyChar(code: string, at: number): string {
  const i = code.lastIndexOf('.') + 1 + at;
  return code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
}

describe('the sandbox codec', () => {
  it('round-trips the masked payload', () => {
    expect(payload).toEqual({
      number: '2026430100123',
      nameMasked: '张*',
      idMasked: '430104********1236',
      schoolCode: '10538',
      schoolName: '中南林业科技大学',
      level: '本科',
      major: '计算机科学与技术',
      gradYear: 2026,
    });
    expect(codec.decode(text)).toEqual(payload);
  });

  it('writes a versioned prefix and the key id, and never the name or ID in clear', () => {
    expect(text).toMatch(/^GPC1\.dev\.[A-Za-z0-9_-]+$/);
    expect(codec.recognizes(text)).toBe(true);
    expect(Buffer.from(text.split('.')[2] ?? '', 'base64url').toString('utf8')).not.toContain('10538');
  });

  it('still decodes a code issued earlier with the same key', () => {
    expect(codec.decode(ZHANG_SAN_CODE)).toEqual(payload);
  });

  it('uses a fresh IV per code', () => {
    expect(codec.encode(payload)).not.toBe(codec.encode(payload));
  });

  it('ignores whitespace a QR reader may add', () => {
    expect(codec.decode(`  ${text}\n`)).toEqual(payload);
  });

  it('says CODE_TAMPERED when a character of the ciphertext is changed', () => {
    expect(decodeError(() => codec.decode(flipBodyChar(text, 30)))).toBe('CODE_TAMPERED');
  });

  it('says CODE_TAMPERED for a body cut by whole bytes (still canonical base64url)', () => {
    const dot = text.lastIndexOf('.') + 1;
    const cut = Buffer.from(text.slice(dot), 'base64url').subarray(0, -3).toString('base64url');
    expect(decodeError(() => codec.decode(text.slice(0, dot) + cut))).toBe('CODE_TAMPERED');
  });

  it('says CODE_TAMPERED when the key id is swapped for another known one', () => {
    const rotated = createSandboxCodec(createKeyring([['dev', devKeyring().keys.get('dev') ?? Buffer.alloc(0)], ['k2', randomBytes(32)]]));
    expect(decodeError(() => rotated.decode(text.replace('GPC1.dev.', 'GPC1.k2.')))).toBe('CODE_TAMPERED');
  });

  it('says CODE_UNKNOWN_KEY for a code sealed with a key we do not hold', () => {
    const foreign = createSandboxCodec(createKeyring([['school9', randomBytes(32)]]));
    const foreignText = foreign.encode(payload);
    expect(decodeError(() => codec.decode(foreignText))).toBe('CODE_UNKNOWN_KEY');
  });

  it('says CODE_TAMPERED for a code sealed with another key under our key id', () => {
    const impostor = createSandboxCodec(createKeyring([['dev', randomBytes(32)]]));
    expect(decodeError(() => codec.decode(impostor.encode(payload)))).toBe('CODE_TAMPERED');
  });

  it('decodes codes of an older key after rotation', () => {
    const rotated = createSandboxCodec(createKeyring([['k2027', randomBytes(32)], ['dev', devKeyring().keys.get('dev') ?? Buffer.alloc(0)]]));
    expect(rotated.decode(text)).toEqual(payload);
    expect(rotated.encode(payload)).toMatch(/^GPC1\.k2027\./);
  });

  it.each([
    ['empty', ''],
    ['a URL', 'https://www.chsi.com.cn/'],
    ['another version', text.replace('GPC1.', 'GPC2.')],
    ['a missing part', text.replace('GPC1.dev.', 'GPC1.')],
    ['characters outside base64url', `${text.slice(0, -4)}+/==`],
    ['a body too short to hold IV and tag', 'GPC1.dev.AAAAAAAA'],
    ['a body cut to a length base64url never has', cutToInvalidLength(text)],
  ])('says CODE_MALFORMED for %s', (_case, malformed) => {
    expect(decodeError(() => codec.decode(malformed))).toBe('CODE_MALFORMED');
  });

  it('gives each error a Chinese message', () => {
    expect(() => codec.decode('hello')).toThrow('这不是有效的采集码');
  });
});
