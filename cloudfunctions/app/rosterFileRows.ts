import { AppError } from '../contracts/errors';
import type { RosterError } from '../contracts/school';
import type { Caller } from './deps';
import { ownFile } from './ownership';
import { validateRosterRows, type RosterRow } from './rosterRows';
import type { SchoolDeps } from './schoolDeps';
import { readSpreadsheet } from './spreadsheet';

/**
 * Reads and validates a roster table the caller uploaded, then deletes it: the file holds full ID
 * numbers, which are never kept (only their masked text and keyed hash are).
 */
export async function consumeRosterFile(deps: SchoolDeps, caller: Caller, fileId: string): Promise<{ rows: RosterRow[]; errors: RosterError[] }> {
  const file = await ownFile(deps.db, caller, fileId, ['import']);
  try {
    const stored = await deps.files.get(file.id);
    if (!stored) throw new AppError('NOT_FOUND', '找不到该文件，请重新上传');
    return validateRosterRows(await readSpreadsheet(stored.data, file.contentType), deps.idNumbers);
  } finally {
    await deps.db.collection('files').remove({ id: file.id });
    await deps.files.delete(file.id);
  }
}
