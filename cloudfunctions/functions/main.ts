import type { z } from 'zod';
import {
  AppError,
  functions,
  isAppError,
  requestSchema,
  type ActionName,
  type ActionOutput,
  type ActionSpec,
  type Envelope,
  type FunctionName,
  type ParsedInput,
} from '../contracts';
import type { Caller } from '../app/deps';

export type Handlers<F extends FunctionName> = {
  [A in ActionName<F>]: (input: ParsedInput<F, A>, caller: Caller) => Promise<ActionOutput<F, A>>;
};

/** A CloudBase-style entry: `main(event, context)`; never throws, never returns a stack trace. */
export type Main = (event: unknown, context: unknown) => Promise<Envelope<unknown>>;

/** Who may call: resolves the caller from the platform context, or throws UNAUTHENTICATED / FORBIDDEN. */
export type Authenticate = (context: unknown) => Caller;

const CJK = /[\u4e00-\u9fff]/;

/** The first problem in Chinese: the contracts' own messages are Chinese; zod's defaults are not. */
export function invalidInput(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const where = issue?.path.length ? `（${issue.path.join('.')}）` : '';
  const message = issue && CJK.test(issue.message) ? issue.message : `请求参数不正确${where}`;
  return new AppError('INVALID_INPUT', message, { issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
}

export function failure(error: unknown, where: string): Envelope<never> {
  if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
  console.error(`[${where}]`, error);
  const internal = new AppError('INTERNAL');
  return { ok: false, error: { code: internal.code, message: internal.message } };
}

/**
 * Builds a function's entry: parse `{action, input}` with the contracts, authenticate from the context,
 * run the action's handler, and return `{ok, data}` with the output parsed by its schema (which also
 * drops any field the contract does not list) or `{ok:false, error:{code, message}}`.
 */
export function createMain<F extends FunctionName>(name: F, handlers: Handlers<F>, authenticate: Authenticate): Main {
  const registry = functions[name] as Record<string, ActionSpec>;
  return async (event, context) => {
    let where: string = name;
    try {
      const request = requestSchema.safeParse(event);
      if (!request.success) throw invalidInput(request.error);
      const { action } = request.data;
      where = `${name}.${action}`;
      const spec = Object.hasOwn(registry, action) ? registry[action] : undefined;
      const handler = Object.hasOwn(handlers, action) ? (handlers as Record<string, (input: unknown, caller: Caller) => Promise<unknown>>)[action] : undefined;
      if (!spec || !handler) throw new AppError('INVALID_INPUT', `未知操作：${action}`);
      const caller = authenticate(context);
      const input = spec.input.safeParse(request.data.input ?? {});
      if (!input.success) throw invalidInput(input.error);
      const data = spec.output.parse(await handler(input.data, caller));
      return { ok: true, data };
    } catch (error) {
      return failure(error, where);
    }
  };
}
