import { processPhoto, remakeStandard } from '../../app/processPhoto';
import type { Files } from '../../ports/files';
import type { Identity } from '../../ports/identity';
import type { PhotoEngine } from '../../ports/imaging';
import { serviceOnly } from '../authenticate';
import { createMain, type Main } from '../main';

/** The `imaging` function: the photo engine, called by the other functions only. */
export function createImagingMain(deps: { files: Files; engine: PhotoEngine; identity: Identity }): Main {
  return createMain(
    'imaging',
    {
      process: (input) => processPhoto(deps, input),
      remake: (input) => remakeStandard(deps, input),
    },
    serviceOnly(deps.identity),
  );
}
