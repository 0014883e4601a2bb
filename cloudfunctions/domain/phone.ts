/**
 * How a bound phone number is shown anywhere, the caller's own screen included: the first 3 and last 4
 * digits (138****5678), as WeChat and banks show one. Shorter (foreign) numbers keep only the last 2.
 */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  const [head, tail] = digits.length >= 11 ? [3, 4] : [0, Math.min(2, digits.length)];
  return digits.slice(0, head) + '*'.repeat(digits.length - head - tail) + digits.slice(digits.length - tail);
}
