import type { OrderKind } from '../contracts/enums';

/** The collection fee of a walk-in (散拍/补拍) enrolment, which has no batch to set it. */
export const WALK_IN_PRICE_FEN = 3000;
/** One extra set of prints (加洗), postage included. */
export const REPRINT_PRICE_FEN = 1500;
export const MAX_REPRINT_COPIES = 20;
/** An unpaid order closes after this long (WeChat Pay's prepay id is valid for 2 h; we close sooner). */
export const ORDER_TIMEOUT_MS = 30 * 60 * 1000;

/** What an order costs in fen: the batch's price (or the walk-in price) for collection, copies × price for reprints. */
export function orderAmountFen(kind: OrderKind, batchPriceFen: number | null, copies: number): number {
  return kind === 'collection' ? (batchPriceFen ?? WALK_IN_PRICE_FEN) : copies * REPRINT_PRICE_FEN;
}

export const ORDER_DESCRIPTIONS: Record<OrderKind, string> = {
  collection: '毕业生图像采集费',
  reprint: '毕业照片加洗',
};
