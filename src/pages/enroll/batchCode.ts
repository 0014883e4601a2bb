/**
 * The 特征码 in what a batch QR code holds: a link or mini-program path with `batch=J9VG24`, or the
 * bare code. Null when the text is neither.
 */
export function parseBatchCode(text: string): string | null {
  const fromQuery = /[?&]batch=([A-Za-z0-9]{4,12})/.exec(text)?.[1]
  const candidate = fromQuery ?? text.trim()
  return /^[A-Za-z0-9]{4,12}$/.test(candidate) ? candidate.toUpperCase() : null
}
