/** The photo engine: load the models once, then check, make and matte many photos. */
import sharp from 'sharp';
import { judge } from './checks/judge';
import { compose } from './compose';
import { InputError } from './decode';
import { encodeJpeg } from './encode';
import { solveGeometry, type Geometry, type GeometryInput } from './geometry';
import { createFaceDetectors, type FaceDetectors } from './face';
import { BACKGROUNDS, LIMITS, OUTPUT_SIZES, type BackgroundName, type OutputSize } from './limits';
import { computeMatte, type MatteVariant } from './matte';
import { initTf, loadGraphModel, setModelsDir } from './models';
import { hairLineY } from './landmarks';
import { measureOutput } from './output';
import { analyse, timer, type Analysis, type Timer } from './pipeline';
import { reportSchema, type CheckResult, type PhotoReport } from './report';
import { matteAtSource } from './sourceMatte';

export type MakeOptions = {
  background?: BackgroundName;
  size?: OutputSize;
  fileSizeKB?: { min: number; max: number };
  /** Which segmentation the background replacement starts from: 'alternate' (another model) is for 「重新制作」. Default 'standard'. */
  matte?: MatteVariant;
};

/** `matte` found no person in the photo. */
export class NoPersonError extends Error {
  readonly code = 'NO_PERSON';
  constructor() {
    super('照片中没有检测到人像');
  }
}

export type PhotoEngine = {
  check(input: Buffer, opts?: { fileName?: string }): Promise<PhotoReport>;
  make(input: Buffer, opts?: MakeOptions & { fileName?: string }): Promise<{ report: PhotoReport; output?: { jpeg: Buffer } }>;
  /** The refined alpha matte at the source's (upright) size, as an 8-bit grey PNG. Rejects with InputError for an unreadable file and NoPersonError when there is no person. */
  matte(input: Buffer, opts?: { matte?: MatteVariant }): Promise<{ png: Buffer; width: number; height: number }>;
};

function errorReport(err: unknown, t: Timer, fileName?: string): PhotoReport {
  if (!(err instanceof InputError)) throw err;
  return reportSchema.parse({
    ...(fileName ? { file: fileName } : {}),
    verdict: 'error',
    error: { code: err.code, message: err.message },
    timingMs: { ...t.timingMs, total: Object.values(t.timingMs).reduce((x, y) => x + y, 0) },
  });
}

function judgedReport(a: Analysis, checks: CheckResult[], t: Timer, started: number, fileName?: string): PhotoReport {
  const m = a.face.measure;
  const r1 = (x: number): number => Number(x.toFixed(1));
  return {
    ...(fileName ? { file: fileName } : {}),
    verdict: checks.some((c) => c.status === 'fail') ? 'fail' : 'pass',
    checks,
    face: {
      count: a.face.detection.boxes.length,
      faceWidthPx: m ? Math.round(m.faceWidth / a.decoded.scale) : 0,
      rollDeg: m ? r1(m.rollDeg) : 0,
      yawDeg: m ? r1(m.yawDeg) : 0,
      pitchDeg: m ? r1(m.pitchDeg) : 0,
    },
    phash: a.phash,
    timingMs: { ...t.timingMs, total: Math.round(performance.now() - started) },
  };
}

type OutputSummary = NonNullable<PhotoReport['output']>;

function insideBands(out: OutputSummary, f: number): boolean {
  const o = LIMITS.output;
  const within = (x: number, band: { min: number; max: number }): boolean => x >= band.min * f && x <= band.max * f;
  return (
    within(out.eyeLineY, o.eyeLineY) &&
    within(out.faceWidthPx, o.faceWidth) &&
    within(out.headTopY, o.headTopY) &&
    Math.abs(out.centerX - o.centerX.target * f) <= o.centerX.tolerance * f
  );
}

/** The geometry input with the face width, eye line and head top moved by what the written photo measured. */
function correctedInput(person: NonNullable<Analysis['person']>, decodedScale: number, f: number, planned: Geometry, out: OutputSummary): GeometryInput {
  const s = planned.s;
  return {
    eyeV: person.eyeV + (out.eyeLineY - planned.eyeLineY) / s,
    midU: person.midU + (out.centerX - planned.centerX) / s,
    faceW: person.faceW * (out.faceWidthPx / planned.faceWidthPx),
    framing: { ...person.framing, headTopV: person.framing.headTopV + (out.headTopY - planned.headTopY) / s },
    regionPerSource: person.region.k * decodedScale,
    sizeFactor: f,
  };
}

export async function createEngine(opts: { modelsDir?: string } = {}): Promise<PhotoEngine> {
  if (opts.modelsDir) setModelsDir(opts.modelsDir);
  await initTf();
  const detectors: FaceDetectors = await createFaceDetectors();
  // Load the segmentation models now, so a missing file fails here and not on the first photo.
  await Promise.all([loadGraphModel('selfie'), loadGraphModel('meet')]);

  async function checkOne(input: Buffer, sizeFactor: number, target: readonly [number, number, number], t: Timer, started: number, fileName?: string, variant?: MatteVariant) {
    const a = await analyse(input, detectors, sizeFactor, t, variant);
    const checks = await t.stage('checks', () => judge(input, a, [target[0], target[1], target[2]]));
    return { a, report: judgedReport(a, checks, t, started, fileName) };
  }

  return {
    async check(input, o = {}) {
      const t = timer();
      const started = performance.now();
      try {
        return (await checkOne(input, 1, BACKGROUNDS.blue, t, started, o.fileName)).report;
      } catch (err) {
        return errorReport(err, t, o.fileName);
      }
    },

    async make(input, o = {}) {
      const t = timer();
      const started = performance.now();
      const background = BACKGROUNDS[o.background ?? 'blue'];
      const sizeFactor = OUTPUT_SIZES[o.size ?? '480x640'];
      try {
        const { a, report } = await checkOne(input, sizeFactor, background, t, started, o.fileName, o.matte);
        const g = a.person?.geometry;
        if (report.verdict !== 'pass' || !a.person || !g?.ok) return { report };
        const person = a.person;
        const render = async (geometry: Geometry) => {
          const image = await t.stage('compose', () => compose(person.matte, geometry, [background[0], background[1], background[2]]));
          const { jpeg } = await t.stage('encode', () => encodeJpeg(image, o.fileSizeKB ?? LIMITS.output.fileSizeKB));
          const mesh = person.region.mesh.map((p) => ({ x: (p.x - geometry.ox) * geometry.s, y: (p.y - geometry.oy) * geometry.s, z: p.z * geometry.s }));
          return { jpeg, output: await t.stage('measure', () => measureOutput(jpeg, detectors, { image, mesh })) };
        };
        let made = await render(g.geometry);
        // The written photo is measured again by its own face detection; when that lands a few px outside a
        // band the plan was at the edge of, correct the plan by what was measured and render once more.
        if (!insideBands(made.output, sizeFactor)) {
          const again = solveGeometry(correctedInput(person, a.decoded.scale, sizeFactor, g.geometry, made.output));
          if (again.ok) {
            const second = await render(again.geometry);
            if (insideBands(second.output, sizeFactor)) made = second;
          }
        }
        return { report: { ...report, output: made.output, timingMs: { ...t.timingMs, total: Math.round(performance.now() - started) } }, output: { jpeg: made.jpeg } };
      } catch (err) {
        return { report: errorReport(err, t, o.fileName) };
      }
    },

    async matte(input, o = {}) {
      // The analysis make runs (its region matte is what a standard photo is composited with), then the whole
      // picture's matte for the rest of it.
      const a = await analyse(input, detectors, 1, timer(), o.matte);
      const { decoded, face } = a;
      const { detection: { mesh }, measure } = face;
      const m = mesh && measure ? await computeMatte(decoded.image, { hairAbove: hairLineY(mesh, measure.faceWidth), faceWidth: measure.faceWidth }, o.matte) : undefined;
      if (!m || m.quality.problems.includes('MATTE_EMPTY')) throw new NoPersonError();
      const alpha = matteAtSource(decoded, m.alpha, a.person);
      const png = await sharp(alpha.data, { raw: { width: alpha.width, height: alpha.height, channels: 1 } })
        .toColourspace('b-w')
        .png()
        .toBuffer();
      return { png, width: alpha.width, height: alpha.height };
    },
  };
}
