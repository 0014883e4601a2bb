import type { Background } from '../contracts/enums';

/** The standard photo a batch asks for, and the defaults of photo-standard.md §1 for walk-ins. */
export interface PhotoSpec {
  background: Background;
  size: '480x640' | '960x1280';
  fileSizeKB: { min: number; max: number };
}

export const DEFAULT_PHOTO_SPEC: PhotoSpec = { background: 'blue', size: '480x640', fileSizeKB: { min: 20, max: 40 } };

export function photoSpecOf(batch: PhotoSpec | null): PhotoSpec {
  return batch ? { background: batch.background, size: batch.size, fileSizeKB: batch.fileSizeKB } : DEFAULT_PHOTO_SPEC;
}
