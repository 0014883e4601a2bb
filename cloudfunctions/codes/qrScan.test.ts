import sharp from 'sharp';
import { renderCodeQr } from './qrRender';
import { scanForQr, scanInProcess } from './qrScan';

async function gray(png: Buffer) {
  const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('scanning for a QR code', () => {
  it("finds the same text in the worker as in-process, and leaves the caller's pixels intact", async () => {
    const image = await gray(await renderCodeQr('GPC1.dev.test', { scale: 4 }));
    const before = Buffer.from(image.data);
    expect(await scanForQr(image)).toBe('GPC1.dev.test');
    expect(scanInProcess(image)).toBe('GPC1.dev.test');
    expect(image.data.equals(before)).toBe(true);
  });

  it('finds nothing in a blank image', async () => {
    const blank = { data: new Uint8Array(200 * 200).fill(255), width: 200, height: 200 };
    expect(await scanForQr(blank)).toBeNull();
    expect(scanInProcess(blank)).toBeNull();
  });
});
