import type { StateMachine } from './stateMachine';

/**
 * For tests: every (state, event) pair NOT in `allowed`, so a machine's test lists what is allowed and
 * checks that everything else is refused.
 */
export function forbiddenTransitions<S extends string, E extends string>(
  machine: StateMachine<S, E>,
  states: readonly S[],
  allowed: readonly (readonly [S, E, S])[],
): [S, E][] {
  const events = Object.keys(machine.table) as E[];
  return states.flatMap((state) =>
    events
      .filter((event) => !allowed.some(([from, allowedEvent]) => from === state && allowedEvent === event))
      .map((event): [S, E] => [state, event]),
  );
}
