/**
 * A port built on its first use: a function that never pays, mails or hashes ID numbers starts without
 * that port's configuration, and one that does fails on that use with the missing setting named.
 * Reading any member builds the port; methods come bound to it.
 */
export function lazyPort<T extends object>(make: () => T): T {
  let port: T | undefined;
  return new Proxy({} as T, {
    get(_target, property) {
      port ??= make();
      const member = (port as Record<PropertyKey, unknown>)[property];
      return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(port) : member;
    },
  });
}
