import QRCode from 'qrcode';
import sharp from 'sharp';
import { BATCH_QR_PAGE, batchQrScene, type BatchQr } from '../../ports/batchQr';

const MARGIN_MODULES = 2;
const TARGET_PX = 480;

/**
 * The batch QR code without WeChat: the `qrcode` package encodes a link to the enrol page with the
 * 特征码, `<linkBase>/#/pages/enroll/index?batch=CODE` for the H5 build (hash router), or the bare page
 * path when no base is given; the mini-program's enrol page reads `batch=` from either. sharp draws the
 * PNG (qrcode's own PNG writer is pure JS and crawls inside jest's sandbox).
 */
export function qrcodeBatchQr(options: { linkBase?: string } = {}): BatchQr {
  return {
    async render({ code }) {
      const path = `${BATCH_QR_PAGE}?${batchQrScene(code)}`;
      const text = options.linkBase ? `${options.linkBase.replace(/\/+$/, '')}/#/${path}` : path;
      // Quartile error correction: a photo of a printed poster in a class group still scans.
      const { modules } = QRCode.create(text, { errorCorrectionLevel: 'Q' });
      const side = modules.size + 2 * MARGIN_MODULES;
      const scale = Math.max(4, Math.floor(TARGET_PX / side));
      const width = side * scale;
      const pixels = Buffer.alloc(width * width, 255);
      for (let row = 0; row < modules.size; row++) {
        for (let column = 0; column < modules.size; column++) {
          if (!modules.get(row, column)) continue;
          const top = (row + MARGIN_MODULES) * scale;
          const left = (column + MARGIN_MODULES) * scale;
          for (let y = top; y < top + scale; y++) pixels.fill(0, y * width + left, y * width + left + scale);
        }
      }
      return sharp(pixels, { raw: { width, height: width, channels: 1 } }).png().toBuffer();
    },
  };
}
