import type { PhotoReport } from '../../contracts/report';
import type { MakeOptions } from '../../ports/imaging';

/** Messages between the engine pool and its workers. */
export type EngineTask =
  | { id: number; op: 'make'; input: Uint8Array; options: MakeOptions }
  | { id: number; op: 'strip'; input: Uint8Array }
  | { id: number; op: 'warm'; input: Uint8Array };

export type EngineTaskResult =
  | { id: number; ok: true; op: 'make'; report: PhotoReport; jpeg?: Uint8Array | undefined }
  | { id: number; ok: true; op: 'strip'; data: Uint8Array; contentType: string }
  | { id: number; ok: true; op: 'warm' }
  | { id: number; ok: false; message: string };
