import type { OrderState } from '../contracts/enums';
import { defineStateMachine } from './stateMachine';

/** The order state machine (architecture.md, "Orders"). Amounts are integers in fen. */
export const orderMachine = defineStateMachine({
  pay: { from: ['created'], to: 'paid' },
  ship: { from: ['paid'], to: 'shipped' },
  complete: { from: ['shipped'], to: 'completed' },
  close: { from: ['created'], to: 'closed' },
  refund: { from: ['paid'], to: 'refunded' },
} satisfies Record<string, { from: OrderState[]; to: OrderState }>);

export type OrderEvent = keyof typeof orderMachine.table;
