/**
 * A state machine as a table: each event moves from exactly one set of states to one state. Pure; the
 * app layer applies a transition as a conditional update (`where state in from`) so that two callers
 * racing on one record can never both win.
 */
export type TransitionTable<S extends string, E extends string> = Record<E, { from: readonly S[]; to: S }>;

export interface StateMachine<S extends string, E extends string> {
  readonly table: TransitionTable<S, E>;
  /** The state after `event`, or null when the event is not allowed in `state`. */
  next(state: S, event: E): S | null;
  /** The events allowed in `state`. */
  allowed(state: S): E[];
}

export function defineStateMachine<S extends string, E extends string>(table: TransitionTable<S, E>): StateMachine<S, E> {
  const events = Object.keys(table) as E[];
  return {
    table,
    next(state, event) {
      const rule = table[event];
      return rule.from.includes(state) ? rule.to : null;
    },
    allowed(state) {
      return events.filter((event) => table[event].from.includes(state));
    },
  };
}
