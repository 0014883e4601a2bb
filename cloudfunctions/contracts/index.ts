import type { z } from 'zod';
import { schoolErrataActions } from './errata';
import { imagingActions } from './imaging';
import { opsActions } from './ops';
import { opsPaymentActions, payNotifyActions, timerActions } from './payments';
import { reviewActions } from './review';
import { schoolActions } from './school';
import { studentActions } from './student';
import { studentCentreActions } from './studentCentre';

export * from './documents';
export * from './envelope';
export * from './enums';
export * from './errors';
export * from './report';
export * from './schoolDocuments';
export * from './views';
export * from './orders';
export * from './regions';
export * from './review';
export * from './studentCentre';
export { imagingActions, opsActions, opsPaymentActions, payNotifyActions, reviewActions, schoolActions, studentActions, studentCentreActions, timerActions };

export type ActionSpec = { input: z.ZodType; output: z.ZodType };
export type ActionRegistry = Record<string, ActionSpec>;

/**
 * Every function and its actions: the single source of the client's and the server's types. New
 * functions (`review`, `school`, `ops`, `payNotify`) add their registry here.
 */
export const functions = {
  student: { ...studentActions, ...studentCentreActions },
  imaging: imagingActions,
  school: { ...schoolActions, ...schoolErrataActions },
  ops: { ...opsActions, ...opsPaymentActions },
  review: reviewActions,
  payNotify: payNotifyActions,
  timers: timerActions,
} as const satisfies Record<string, ActionRegistry>;

export type FunctionName = keyof typeof functions;
export type ActionName<F extends FunctionName> = keyof (typeof functions)[F] & string;
type Spec<F extends FunctionName, A extends ActionName<F>> = (typeof functions)[F][A] extends ActionSpec
  ? (typeof functions)[F][A]
  : never;
/** What a caller sends (before defaults and transforms). */
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = z.input<Spec<F, A>['input']>;
/** What a handler receives after parsing. */
export type ParsedInput<F extends FunctionName, A extends ActionName<F>> = z.output<Spec<F, A>['input']>;
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = z.output<Spec<F, A>['output']>;
