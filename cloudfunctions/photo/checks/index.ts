/** Turns the stages' measurements into the report's checks: one table row per code, limits from LIMITS. */
import { LIMITS } from '../limits';
import type { CheckCode, CheckResult } from '../report';
import { CHECK_MESSAGES } from './messages';

type Status = CheckResult['status'];

export function check(code: CheckCode, status: Status, value: CheckResult['value'], limit: CheckResult['limit'], detail?: string): CheckResult {
  const m = CHECK_MESSAGES[code];
  return { code, status, value, limit, message: status === 'pass' ? m.pass : detail ?? (status === 'warn' ? m.warn ?? m.fix : m.fix) };
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** value ≤ max passes (warn above `warn` when given). */
export function atMost(code: CheckCode, value: number, max: number, warn?: number, digits = 2): CheckResult {
  const status: Status = value > max ? 'fail' : warn !== undefined && value > warn ? 'warn' : 'pass';
  return check(code, status, round(value, digits), max);
}

/** value ≥ min passes. */
export function atLeast(code: CheckCode, value: number, min: number, digits = 2): CheckResult {
  return check(code, value < min ? 'fail' : 'pass', round(value, digits), min);
}

export type PoseValues = { rollDeg: number; yawDeg: number; pitchDeg: number; eyeOpen: number; mouthGap: number; teethShare: number };

export function poseChecks(p: PoseValues): CheckResult[] {
  const f = LIMITS.face;
  const mouthOpen = p.mouthGap > f.maxMouthGap || p.teethShare > f.maxTeethShare;
  return [
    atMost('HEAD_ROLL', Math.abs(p.rollDeg), f.maxRollCorrectedDeg, undefined, 1),
    atMost('HEAD_YAW', Math.abs(p.yawDeg), f.maxYawDeg, undefined, 1),
    atMost('HEAD_PITCH', Math.abs(p.pitchDeg), f.maxPitchDeg, undefined, 1),
    atLeast('EYES_CLOSED', p.eyeOpen, f.minEyeOpen),
    check(
      'MOUTH_OPEN',
      mouthOpen ? 'fail' : 'pass',
      `唇间距 ${round(p.mouthGap)}，露齿 ${round(p.teethShare)}`,
      `唇间距 ≤ ${f.maxMouthGap}，露齿 ≤ ${f.maxTeethShare}`,
    ),
  ];
}
