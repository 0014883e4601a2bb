import { forbiddenTransitions } from './stateMachine.testing';
import { ORDER_STATE_LABELS, type OrderState } from '../contracts/enums';
import { orderMachine, type OrderEvent } from './order';

const STATES = Object.keys(ORDER_STATE_LABELS) as OrderState[];
const ALLOWED: [OrderState, OrderEvent, OrderState][] = [
  ['created', 'pay', 'paid'],
  ['paid', 'ship', 'shipped'],
  ['shipped', 'complete', 'completed'],
  ['created', 'close', 'closed'],
  ['paid', 'refund', 'refunded'],
];

describe('the order state machine', () => {
  it.each(ALLOWED)('allows %s --%s--> %s', (from, event, to) => {
    expect(orderMachine.next(from, event)).toBe(to);
  });

  const forbidden = forbiddenTransitions(orderMachine, STATES, ALLOWED);
  it.each(forbidden)('refuses %s --%s-->', (state, event) => {
    expect(orderMachine.next(state, event)).toBeNull();
  });
});
