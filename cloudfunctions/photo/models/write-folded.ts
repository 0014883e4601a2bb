/**
 * Writes the stored folded constants (models/folded/<model>.json) of every folded model, from the installed,
 * verified model files: `npx tsx cloudfunctions/photo/models/write-folded.ts`. Run it after a model update
 * (models.test.ts fails until then).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeFoldedConstants } from './fold';
import { FOLDED_INPUT_SHAPES, initTf, modelSource, unfoldedModelHandler, type ModelName, type StoredFolding } from './index';

async function main(): Promise<void> {
  await initTf();
  for (const [model, inputShape] of Object.entries(FOLDED_INPUT_SHAPES) as Array<[ModelName, number[]]>) {
    const artifacts = await unfoldedModelHandler(model).load!();
    const stored: StoredFolding = { model, inputShape, source: modelSource(model), constants: await computeFoldedConstants(artifacts, inputShape) };
    const file = path.join(__dirname, 'folded', `${model}.json`);
    fs.writeFileSync(file, JSON.stringify(stored) + '\n');
    console.log(`${file}: ${stored.constants.length} constants`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
