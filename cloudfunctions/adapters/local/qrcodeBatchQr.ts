import QRCode from 'qrcode';
import { BATCH_QR_PAGE, batchQrScene, type BatchQr } from '../../ports/batchQr';

/**
 * The batch QR code without WeChat: a PNG (the `qrcode` package) of a link to the enrol page with the
 * 特征码, `<linkBase>/#/pages/enroll/index?batch=CODE` for the H5 build (hash router), or the bare page
 * path when no base is given. The mini-program's enrol page reads `batch=` from either.
 */
export function qrcodeBatchQr(options: { linkBase?: string } = {}): BatchQr {
  return {
    render({ code }) {
      const path = `${BATCH_QR_PAGE}?${batchQrScene(code)}`;
      const text = options.linkBase ? `${options.linkBase.replace(/\/+$/, '')}/#/${path}` : path;
      // Quartile error correction: a photo of a printed poster in a class group still scans.
      return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'Q', margin: 2, width: 480 });
    },
  };
}
