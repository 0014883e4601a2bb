/**
 * The batch 特征码 (e.g. J9VG24): 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so
 * it can be read aloud in a class group and typed on a phone; case-insensitive.
 */
export const BATCH_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const BATCH_CODE_LENGTH = 6;

/** Upper-cases and trims what a student typed; null when it cannot be a 特征码. */
export function normalizeBatchCode(typed: string): string | null {
  const code = typed.trim().toUpperCase();
  if (code.length !== BATCH_CODE_LENGTH) return null;
  for (const char of code) if (!BATCH_CODE_ALPHABET.includes(char)) return null;
  return code;
}

/** A new 特征码 from random bytes (one byte per character; the caller supplies the randomness). */
export function batchCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < BATCH_CODE_LENGTH) throw new RangeError(`need ${BATCH_CODE_LENGTH} random bytes`);
  let code = '';
  for (let i = 0; i < BATCH_CODE_LENGTH; i++) code += BATCH_CODE_ALPHABET[(bytes[i] ?? 0) % BATCH_CODE_ALPHABET.length];
  return code;
}
