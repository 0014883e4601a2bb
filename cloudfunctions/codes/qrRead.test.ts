import { CodeError } from './errors';
import { issueCode } from './issue';
import { devKeyring } from './keyring';
import { readCodeFromImage } from './qrRead';
import { renderCodeImage, renderCodeQr } from './qrRender';
import { createSandboxCodec } from './sandboxCodec';
import { ZHANG_SAN } from './testing/students';

// The heavier, realistic uploads (screenshots, photos of screens) are in qrRead.variants.test.ts.
const codec = createSandboxCodec(devKeyring());
const { text, payload } = issueCode(ZHANG_SAN, codec);

describe('readCodeFromImage', () => {
  it('reads the long-press saved PNG', async () => {
    const image = await renderCodeImage(text, payload);
    expect(codec.decode(await readCodeFromImage(image, { accept: (candidate) => codec.recognizes(candidate) }))).toEqual(payload);
  });

  it('returns any QR text when no acceptance test is given', async () => {
    expect(await readCodeFromImage(await renderCodeQr('hello'))).toBe('hello');
  });

  it('says CODE_UNREADABLE for bytes that are not an image', async () => {
    await expect(readCodeFromImage(Buffer.from('not an image'))).rejects.toEqual(new CodeError('CODE_UNREADABLE'));
  });
});
