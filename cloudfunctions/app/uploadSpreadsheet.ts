import type { FileDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { AppDeps, Caller } from './deps';
import { sniffSpreadsheet } from './spreadsheet';

/** A roster of tens of thousands of students fits well within this. */
export const SPREADSHEET_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Stores a roster table (CSV or .xlsx) uploaded by a school admin or ops, private to them (kind
 * `import`). For anyone else such a file is just not a photo: FILE_UNSUPPORTED, as for any upload.
 */
export async function uploadSpreadsheet(deps: Pick<AppDeps, 'db' | 'files' | 'clock'>, caller: Caller, data: Buffer): Promise<{ fileId: string }> {
  const user = await deps.db.collection('users').get(caller.openid);
  const staff = user?.roles.some((role) => role === 'school' || role === 'ops') ?? false;
  const contentType = sniffSpreadsheet(data);
  if (!staff || !contentType) throw new AppError('FILE_UNSUPPORTED');
  if (data.length > SPREADSHEET_MAX_BYTES) throw new AppError('FILE_TOO_LARGE', '名单文件太大，请控制在10MB以内');
  const fileId = await deps.files.put(data, { contentType });
  const doc: FileDoc = { id: fileId, owner: caller.openid, kind: 'import', contentType, bytes: data.length, createdAt: deps.clock.now() };
  await deps.db.collection('files').insert(doc);
  return { fileId };
}
