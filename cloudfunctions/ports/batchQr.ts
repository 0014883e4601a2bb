/**
 * The QR code a school posts in class groups: scanning it opens the mini-program's enrol page with the
 * batch's 特征码 filled in. Locally a PNG of a link the H5 build and `parseBatchCode` understand
 * (`…/pages/enroll/index?batch=CODE`); on CloudBase a 小程序码 from `wxacode.getUnlimited` with the
 * scene `batch=CODE` on page `pages/enroll/index`.
 */
export interface BatchQr {
  /** A PNG image. */
  render(batch: { code: string }): Promise<Buffer>;
}

/** The mini-program page the QR code opens, and the scene (query) that names the batch. */
export const BATCH_QR_PAGE = 'pages/enroll/index';
export function batchQrScene(code: string): string {
  return `batch=${code}`;
}
