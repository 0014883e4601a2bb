import type { PhotoState } from '../contracts/enums';
import type { ExportKey } from '../contracts/schoolDocuments';

/** A batch that names no key names photos by the 采集码号, which every student has. */
export const DEFAULT_EXPORT_KEY: ExportKey = 'codeNumber';

/**
 * Which photos a school's export holds: those locked for processing (paid, or the school pays) and
 * those already delivered (a second export repeats them). A school-paid batch's approved photos are
 * processable at once, so they are exported too (and moved on through processing).
 */
export function exportableStates(payer: 'school' | 'student'): PhotoState[] {
  return payer === 'school' ? ['approved', 'processing', 'delivered'] : ['processing', 'delivered'];
}

/** A file name from a key value: characters no file system or ZIP tool chokes on. */
export function safeFileStem(value: string): string {
  const stem = Array.from(value.trim(), (char) => (char.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(char) || /\s/.test(char) ? '_' : char))
    .join('')
    .replace(/_+/g, '_');
  return stem === '' ? '_' : stem;
}

/** `stem.jpg`, or `stem-2.jpg`, `stem-3.jpg` … when the name is taken (two rows with the same key). */
export function uniqueFileName(stem: string, extension: string, used: Set<string>): string {
  let name = `${stem}.${extension}`;
  for (let n = 2; used.has(name); n++) name = `${stem}-${n}.${extension}`;
  used.add(name);
  return name;
}
