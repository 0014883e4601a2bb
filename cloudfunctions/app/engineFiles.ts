import type { FileDoc } from '../contracts/documents';
import type { ImagingResult } from '../ports/imaging';

type EngineFile = NonNullable<ImagingResult['standard']>;

/** The record of a file the `imaging` function stored (a metadata-free original or a standard photo) for its student. */
export function engineFileDoc(file: EngineFile, owner: string, kind: FileDoc['kind'], now: number): FileDoc {
  return { id: file.fileId, owner, kind, contentType: file.contentType, bytes: file.bytes, createdAt: now };
}
