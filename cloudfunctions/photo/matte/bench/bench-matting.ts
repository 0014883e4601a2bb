/**
 * `npm run bench:matting -- DIR [--synthetic] [--mp N] [--out OUTDIR]`
 *
 * For every NAME.jpg + NAME.alpha.png in DIR: mean absolute alpha error ×1000, overall and within 12 px
 * of the true edge, for the bare segmentation model upsampled (baseline) and for the refined matte,
 * plus the time the refinement takes — for both matte variants (standard: selfie; alternate: meet). `--synthetic` also scores the same people re-backgrounded onto
 * generated plain backdrops (see fixtures.ts: exact, the alpha stays ground truth); those rows are
 * marked `~backdrop`. `--mp N` first scales each case (image and its alpha) to about N megapixels, the
 * working resolution the engine calls the matte at. `--out` writes the refined alpha and a composite on
 * light blue as PNGs. Times: `refine ms` is wall-clock, `cpu ms` the process's CPU time for the same
 * call, and `pass ms` the time of one plain pass over as many floats right before it: on a shared or
 * virtualised machine both clocks stretch, and `refine ms / pass ms` says how many such passes the
 * refinement costs (a pass over 1 MP takes about 1 ms on an idle core).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { initTf } from '../../models';
import { composite, refineMatte } from '../index';
import { MATTE_VARIANTS, personProbability, type MatteVariant } from '../segment';
import { alphaError, BACKDROPS, DEFAULT_FIXTURES_DIR, edgeBand, listCases, readCase, rebackground, scaleCase, type MattingCase } from './fixtures';

type Row = {
  name: string;
  variant: MatteVariant;
  mp: number;
  base: { overall: number; edge: number };
  refined: { overall: number; edge: number };
  modelMs: number;
  refineMs: number;
  cpuMs: number;
  passMs: number;
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const synthetic = args.includes('--synthetic');
  const outIndex = args.indexOf('--out');
  const outDir = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const mpIndex = args.indexOf('--mp');
  const megapixels = mpIndex >= 0 ? Number(args[mpIndex + 1]) : undefined;
  if (megapixels !== undefined && !(megapixels > 0)) throw new Error('--mp needs a positive number of megapixels');
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out' && args[i - 1] !== '--mp') ?? DEFAULT_FIXTURES_DIR;
  const names = listCases(dir);
  if (!names.length) throw new Error(`no NAME.jpg + NAME.alpha.png pairs in ${dir}`);
  if (outDir) fs.mkdirSync(outDir, { recursive: true });

  await initTf();
  const rows: Row[] = [];
  let seed = 1;
  for (const name of names) {
    const read = await readCase(dir, name);
    const source = megapixels ? await scaleCase(read, megapixels) : read;
    const cases: MattingCase[] = [source];
    if (synthetic) for (const backdrop of BACKDROPS) cases.push(await rebackground(source, backdrop, seed++));
    for (const c of cases) for (const variant of MATTE_VARIANTS) rows.push(await score(variant, c, outDir));
  }
  console.log(`matting bench: ${dir}  (MAE ×1000; edge = within 12 px of the true edge; variants: standard = selfie, alternate = meet)`);
  if (synthetic) console.log('rows NAME~backdrop: the same person re-backgrounded onto a generated plain backdrop (exact alpha kept)');
  console.log(
    pad('image', 34) + pad('variant', 10) + pad('MP', 6) + pad('base all', 10) + pad('base edge', 10) + pad('refined all', 12) + pad('refined edge', 13) + pad('model ms', 10) + pad('refine ms', 10) + pad('cpu ms', 8) + 'pass ms',
  );
  for (const r of rows) printRow(r);
  const mean = (pick: (r: Row) => boolean, label: string): void => {
    for (const variant of MATTE_VARIANTS) meanOf(rows.filter((r) => pick(r) && r.variant === variant), label, variant);
  };
  const meanOf = (sel: Row[], label: string, variant: MatteVariant): void => {
    if (!sel.length) return;
    const avg = (f: (r: Row) => number): number => sel.reduce((s, r) => s + f(r), 0) / sel.length;
    printRow({
      name: `${label} (${sel.length})`,
      variant,
      mp: avg((r) => r.mp),
      base: { overall: avg((r) => r.base.overall), edge: avg((r) => r.base.edge) },
      refined: { overall: avg((r) => r.refined.overall), edge: avg((r) => r.refined.edge) },
      modelMs: avg((r) => r.modelMs),
      refineMs: avg((r) => r.refineMs),
      cpuMs: avg((r) => r.cpuMs),
      passMs: avg((r) => r.passMs),
    });
  };
  mean((r) => !r.name.includes('~'), 'MEAN given fixtures');
  if (synthetic) {
    mean((r) => r.name.includes('~'), 'MEAN re-backgrounded');
    mean(() => true, 'MEAN all');
  }
}

async function score(variant: MatteVariant, c: MattingCase, outDir: string | undefined): Promise<Row> {
  const { width, height } = c.image;
  const band = edgeBand(c.truth);
  let t = performance.now();
  const prob = await personProbability(c.image, variant);
  const modelMs = performance.now() - t;
  const bare = new Uint8Array(prob.length);
  for (let i = 0; i < prob.length; i++) bare[i] = Math.round(prob[i]! * 255);
  refineMatte(c.image, prob); // warm-up: JIT and reused buffers, so the timing below is the steady state
  const passMs = plainPassMs(prob);
  const cpu = process.cpuUsage();
  t = performance.now();
  const matte = refineMatte(c.image, prob);
  const refineMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  if (outDir) {
    const base = path.join(outDir, `${c.name}.${variant}`);
    await sharp(matte.alpha.data, { raw: { width, height, channels: 1 } }).png().toFile(`${base}.alpha.png`);
    const blue = composite(matte.foreground, matte.alpha, [100, 197, 255]);
    await sharp(blue.data, { raw: { width, height, channels: 3 } }).png().toFile(`${base}.blue.png`);
  }
  return { name: c.name, variant, mp: (width * height) / 1e6, base: alphaError(bare, c.truth, band), refined: alphaError(matte.alpha.data, c.truth, band), modelMs, refineMs, cpuMs, passMs };
}

/** One multiply-add pass over a float array of the image's size (median of five), as the machine's yardstick. */
function plainPassMs(values: Float32Array): number {
  const out = new Float32Array(values.length);
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    for (let i = 0; i < values.length; i++) out[i] = values[i]! * 0.5 + 1;
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2]!;
}

const pad = (s: string, n: number): string => s.padEnd(n);
const fix = (v: number, d = 1): string => v.toFixed(d);

function printRow(r: Row): void {
  console.log(
    pad(r.name, 34) +
      pad(r.variant, 10) +
      pad(fix(r.mp, 2), 6) +
      pad(fix(r.base.overall), 10) +
      pad(fix(r.base.edge), 10) +
      pad(fix(r.refined.overall), 12) +
      pad(fix(r.refined.edge), 13) +
      pad(fix(r.modelMs, 0), 10) +
      pad(fix(r.refineMs, 0), 10) +
      pad(fix(r.cpuMs, 0), 8) +
      fix(r.passMs, 1),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
