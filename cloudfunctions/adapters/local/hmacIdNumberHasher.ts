import { createHmac } from 'node:crypto';
import type { IdNumberHasher } from '../../ports/idNumberHasher';

/** HMAC-SHA256 of the normalised number (trimmed, upper-case X) under a server key; hex. */
export function hmacIdNumberHasher(key: Buffer): IdNumberHasher {
  if (key.length < 16) throw new RangeError('the ID number key needs at least 16 bytes');
  return {
    hash(idNumber) {
      return createHmac('sha256', key).update(idNumber.trim().toUpperCase()).digest('hex');
    },
  };
}
