/** The photo engine's public interface (see briefs/engine-interface.md and photo-standard.md). */
export { tuneHeapForPhotos } from './heap';
export { createEngine, NoPersonError, type MakeOptions, type PhotoEngine } from './engine';
export { InputError } from './decode';
export { MATTE_VARIANTS, type MatteVariant } from './matte';
export { BACKGROUNDS, LIMITS, OUTPUT_SIZES, type BackgroundName, type OutputSize } from './limits';
export { reportSchema, CHECK_CODES, type CheckCode, type CheckResult, type PhotoReport } from './report';
export { hammingDistance } from './phash';
export { ModelsMissingError } from './models';
