/**
 * The photo engine's report is defined once, by the engine (a zod-only file). This re-export is the one
 * import into contracts from outside it: the report is the engine's contract, not ours to restate.
 */
export { reportSchema, type CheckCode, type PhotoReport } from '../photo/report';
