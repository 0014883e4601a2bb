/** All checks of photo-standard.md §2 (except DUPLICATE, the backend's) from one analysis. */
import type { Rgb } from '../image';
import { LIMITS } from '../limits';
import { MATTE_LIMITS, MATTE_PROBLEMS } from '../matte';
import type { Analysis } from '../pipeline';
import type { CheckResult } from '../report';
import { clothingBlendShare, measureBackground } from './background';
import { brightAreas, judgeColourCast } from './colour-cast';
import { measureFacePixels } from './face-pixels';
import { editingSoftware, jpegBlockiness } from './file';
import { atLeast, atMost, check, poseChecks } from './index';
import { BLURRED_UNJUDGED, FACE_CUT_UNJUDGED, MONOCHROME } from './messages';

const r2 = (x: number): number => Number(x.toFixed(2));

async function fileChecks(input: Buffer, a: Analysis): Promise<CheckResult[]> {
  const blockiness = await jpegBlockiness(input, a.decoded);
  const software = editingSoftware(a.decoded.metadataText);
  const q = LIMITS.quality;
  return [
    blockiness === null
      ? check('JPEG_ARTIFACTS', 'pass', null, q.maxBlockiness)
      : check('JPEG_ARTIFACTS', blockiness > q.maxBlockiness ? 'warn' : 'pass', r2(blockiness), q.maxBlockiness),
    check('EDITED_SOFTWARE', software ? 'warn' : 'pass', software, null),
  ];
}

type Codes = ReadonlySet<CheckResult['code']>;

const LANDMARK_CHECKS: Codes = new Set(['HEAD_YAW', 'HEAD_PITCH', 'EYES_CLOSED', 'MOUTH_OPEN']);
/** Every check measured on the face: its landmarks or its pixels. */
const FACE_CHECKS: Codes = new Set([...LANDMARK_CHECKS, 'HEAD_ROLL', 'BLUR', 'UNDEREXPOSED', 'OVEREXPOSED', 'LIGHTING_UNEVEN', 'COLOR_CAST']);
/** What a face partly outside the picture leaves unjudged: the face's checks, and the matte's over the made-up part. */
const FACE_CUT_CHECKS: Codes = new Set([...FACE_CHECKS, 'MATTE_FAILED']);

/** A fault among `codes` that cannot be judged reliably is a warning that says why, not a fault of its own. */
function unjudged(c: CheckResult, codes: Codes, why: string): CheckResult {
  return c.status === 'fail' && codes.has(c.code) ? check(c.code, 'warn', c.value, c.limit, why) : c;
}

export async function judge(input: Buffer, a: Analysis, target: Rgb): Promise<CheckResult[]> {
  const files = await fileChecks(input, a);
  const count = a.face.detection.boxes.length;
  const m = a.face.measure;
  const p = a.person;
  if (!m || !p || count === 0) return [check('FACE_NOT_FOUND', 'fail', 0, 1), ...files];
  const out: CheckResult[] = [check('FACE_NOT_FOUND', 'pass', count, 1)];
  out.push(check('FACE_MULTIPLE', count > 1 ? 'fail' : 'pass', count, 1));

  const g = p.geometry;
  // With the whole head in the picture, what keeps every framing out of the bands: the bottom, or a touched side
  // (named only then: most good photos touch one with a shoulder). A cut head says enough by itself.
  const headWhole = a.face.insideSource && !p.framing.touches.top;
  const blocked = headWhole && !g.ok && g.reason === 'FRAMING_INCOMPLETE' ? g.blockedBy : [];
  const cut = [
    !a.face.insideSource && '脸部超出画面',
    p.framing.touches.top && '头顶被裁切',
    blocked.includes('left') && '左侧人像接触边缘',
    blocked.includes('right') && '右侧人像接触边缘',
    blocked.includes('bottom') && '下方太短，双肩不完整',
  ].filter((x): x is string => typeof x === 'string');
  const framingFails = !a.face.insideSource || p.framing.touches.top || (!g.ok && g.reason === 'FRAMING_INCOMPLETE');
  const headOut = g.ok && g.geometry.headTopOutOfBand;
  const framingValue = g.ok ? `头顶 ${Math.round(g.geometry.headTopY)} px，底部延伸 ${(g.geometry.bottomExtension * 100).toFixed(1)}%` : cut.join('，') || '无符合标准的裁切';
  out.push(
    check(
      'FRAMING_INCOMPLETE',
      framingFails ? 'fail' : headOut ? 'warn' : 'pass',
      cut.length && framingFails ? cut.join('，') : framingValue,
      `头顶 ${LIMITS.output.headTopY.min}–${LIMITS.output.headTopY.max} px，底部延伸 ≤ ${LIMITS.output.maxBottomExtension * 100}%`,
      headOut && !framingFails ? '头顶上方空白不合适，请拍摄时头顶上方留出适当空白，并包含双肩' : undefined,
    ),
  );
  const upscale = g.ok ? g.geometry.upscale : g.upscaleNeeded;
  const resolutionFails = !g.ok && g.reason === 'RESOLUTION_LOW';
  out.push(check('RESOLUTION_LOW', resolutionFails ? 'fail' : upscale > LIMITS.output.warnUpscale ? 'warn' : 'pass', r2(upscale), LIMITS.output.maxUpscale));

  const px = measureFacePixels(p.region.image, p.region.mesh, p.midU, p.faceW);
  const q = LIMITS.quality;
  const blur = atLeast('BLUR', px.sharpness, q.minSharpness);
  const pose = poseChecks({ rollDeg: m.rollDeg, yawDeg: m.yawDeg, pitchDeg: m.pitchDeg, eyeOpen: m.eyeOpen, mouthGap: m.mouthGap, teethShare: px.teethShare });
  // Landmarks of a blurred face are unreliable: a blurred photo is refused for its blur, not for a turned
  // head or an open mouth it may not have.
  out.push(...(blur.status === 'fail' ? pose.map((c) => unjudged(c, LANDMARK_CHECKS, BLURRED_UNJUDGED)) : pose));
  out.push(blur);
  out.push(atLeast('UNDEREXPOSED', px.meanLuma, q.minFaceLuma, 0));
  const over = px.meanLuma > q.maxFaceLuma || px.clippedShare > q.maxClippedShare;
  out.push(check('OVEREXPOSED', over ? 'fail' : 'pass', `亮度 ${Math.round(px.meanLuma)}，过曝 ${(px.clippedShare * 100).toFixed(1)}%`, `亮度 ≤ ${q.maxFaceLuma}，过曝 ≤ ${q.maxClippedShare * 100}%`));
  out.push(atMost('LIGHTING_UNEVEN', px.halfDifference, q.maxHalfDifference));
  const colour = judgeColourCast({ hue: px.skinHue, chroma: px.skinChroma, meanLuma: px.meanLuma }, () => brightAreas(p.region.image, p.region.outside));
  out.push(
    check(
      'COLOR_CAST',
      colour.cast ? 'fail' : 'pass',
      `肤色色相 ${Math.round(px.skinHue)}°，饱和度 ${r2(px.skinChroma)}` + (colour.bright === undefined ? '' : colour.bright === null ? '，亮部无法测量' : `，亮部色度 ${Math.round(colour.bright.chroma)}`),
      `色相 ${q.skinHue.min}–${q.skinHue.max}°，饱和度 ≤ ${q.maxSkinChroma}（亮部色度 ≤ ${q.maxNeutralChroma} 时肤色色度 ≤ ${q.maxSkinChromaAbsolute}）`,
      colour.monochrome ? MONOCHROME : undefined,
    ),
  );

  const bg = measureBackground(p.region.image, p.matte.alpha, p.region.outside, p.faceW);
  const b = LIMITS.background;
  const cluttered = bg.edgeShare > b.maxEdgeShare || bg.residualStd > b.maxResidualStd;
  const uneven = bg.edgeShare > b.warnEdgeShare || bg.gradientRange > 40;
  out.push(
    check(
      'BACKGROUND_CLUTTERED',
      cluttered ? 'fail' : uneven ? 'warn' : 'pass',
      `边缘 ${(bg.edgeShare * 100).toFixed(1)}%，起伏 ${bg.residualStd.toFixed(1)}`,
      `边缘 ≤ ${b.maxEdgeShare * 100}%，起伏 ≤ ${b.maxResidualStd}`,
      !cluttered && uneven ? '背景有明暗渐变或少量杂物，建议在均匀照明的纯色墙前拍摄' : undefined,
    ),
  );
  const chinV = p.region.mesh[152]!.y;
  const blend = clothingBlendShare(p.region.image, p.matte.alpha, p.region.outside, chinV + 0.25 * p.faceW, target, b.clothingDeltaE);
  out.push(atMost('CLOTHING_BLENDS', blend, b.maxBlendingShare));
  const mq = p.matte.quality;
  out.push(
    check(
      'MATTE_FAILED',
      mq.ok ? 'pass' : 'fail',
      `人像 ${r2(mq.personShare)}，破洞 ${r2(mq.holeShare)}，残留 ${r2(mq.residueShare)}，边缘残色 ${mq.fringe.toFixed(1)}`,
      `人像 ${MATTE_LIMITS.minPersonShare}–${MATTE_LIMITS.maxPersonShare}，破洞 ≤ ${MATTE_LIMITS.maxHoleShare}，残留 ≤ ${MATTE_LIMITS.maxResidueShare}，边缘残色 ≤ ${MATTE_LIMITS.maxFringe}`,
      mq.problems.map((x) => MATTE_PROBLEMS[x]).join('；') || undefined,
    ),
  );
  out.push(...files);
  // Part of the face outside the picture: its landmarks there are guesses and its pixels there are the edge's,
  // repeated. The photo fails FRAMING_INCOMPLETE for it; the face's own checks say only that they could not judge,
  // and so does the matte's, judged over that made-up part too (stripes of the repeated edge kept as person).
  return a.face.insideSource ? out : out.map((c) => unjudged(c, FACE_CUT_CHECKS, FACE_CUT_UNJUDGED));
}
