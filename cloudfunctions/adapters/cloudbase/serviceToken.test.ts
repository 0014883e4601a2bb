import { SERVICE_TOKEN_TTL_SECONDS, signServiceToken, verifyServiceToken } from './serviceToken';

describe('service tokens between our functions', () => {
  const key = Buffer.alloc(32, 7);
  const now = 1_800_000_000_000;

  it('accepts a fresh token for the function it names', () => {
    expect(verifyServiceToken(key, 'imaging', signServiceToken(key, 'imaging', now), now)).toBe(true);
  });

  it('refuses one for another function, under another key, expired, or altered', () => {
    const token = signServiceToken(key, 'imaging', now);
    expect(verifyServiceToken(key, 'school', token, now)).toBe(false);
    expect(verifyServiceToken(Buffer.alloc(32, 8), 'imaging', token, now)).toBe(false);
    expect(verifyServiceToken(key, 'imaging', token, now + (SERVICE_TOKEN_TTL_SECONDS + 1) * 1000)).toBe(false);
    expect(verifyServiceToken(key, 'imaging', token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), now)).toBe(false);
    expect(verifyServiceToken(key, 'imaging', undefined, now)).toBe(false);
  });
});
