/** Models come only from the verified install; a missing or corrupt file says which command to run. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultModelsDir, modelsLock, sha256 } from './lock';
import { diskModelHandler, loadGraphModel, MODEL_NAMES, ModelsMissingError } from './index';

const installed = defaultModelsDir();

it('every model the engine uses is locked, installed and matches its sha256', () => {
  for (const name of MODEL_NAMES) {
    for (const file of [`${name}.json`, `${name}.bin`]) {
      const expected = modelsLock.files[file];
      expect(expected).toBeDefined();
      expect(sha256(fs.readFileSync(path.join(installed, file)))).toBe(expected);
    }
  }
});

it('loads a graph model from disk on the wasm backend', async () => {
  const model = await loadGraphModel('facemesh-detection-short');
  expect(model.inputs[0]?.shape).toEqual([-1, 128, 128, 3]);
});

describe('a broken installation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradphoto-models-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing model names `npm run models:install`', async () => {
    await expect(diskModelHandler('selfie', dir).load!()).rejects.toThrow(ModelsMissingError);
    await expect(diskModelHandler('selfie', dir).load!()).rejects.toThrow('npm run models:install');
  });

  it('a corrupt model (one byte changed) is refused with the same advice', async () => {
    for (const f of ['selfie.json', 'selfie.bin']) fs.copyFileSync(path.join(installed, f), path.join(dir, f));
    const bin = fs.readFileSync(path.join(dir, 'selfie.bin'));
    bin[100]! ^= 0xff;
    fs.writeFileSync(path.join(dir, 'selfie.bin'), bin);
    await expect(diskModelHandler('selfie', dir).load!()).rejects.toThrow(/已损坏.*npm run models:install/);
  });
});
