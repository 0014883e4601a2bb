import type { z } from 'zod';
import type { MatteVariant } from '../contracts/enums';
import type { imagingActions } from '../contracts/imaging';
import type { PhotoReport } from '../contracts/report';

export type ImagingRequest = z.output<typeof imagingActions.process.input>;
export type ImagingResult = z.output<typeof imagingActions.process.output>;
export type RemakeRequest = z.output<typeof imagingActions.remake.input>;
export type RemakeResult = z.output<typeof imagingActions.remake.output>;

/** Runs the photo engine on a stored file: locally a worker pool, on CloudBase the `imaging` function. */
export interface Imaging {
  process(request: ImagingRequest): Promise<ImagingResult>;
  /** 「重新制作」: the standard photo again from a stored original, with the given matte variant. */
  remake(request: RemakeRequest): Promise<RemakeResult>;
}

export interface MakeOptions {
  background: 'blue' | 'white' | 'grey';
  size: '480x640' | '960x1280';
  fileSizeKB: { min: number; max: number };
  /** Which segmentation cuts the person out; the engine's default is 'standard'. */
  matte?: MatteVariant;
}

/** The engine itself (CPU-heavy: never on the HTTP event loop). */
export interface PhotoEngine {
  make(input: Buffer, options: MakeOptions): Promise<{ report: PhotoReport; jpeg?: Buffer }>;
  /** A copy without metadata (EXIF, GPS, camera serial), orientation applied. */
  strip(input: Buffer): Promise<{ data: Buffer; contentType: string }>;
}

export type ImageFormat = 'jpeg' | 'png' | 'webp';

/** Cheap header-level look at an upload: its real type (by content) and pixel size. */
export interface ImageProbe {
  probe(data: Buffer): Promise<{ format: ImageFormat; width: number; height: number } | null>;
}
