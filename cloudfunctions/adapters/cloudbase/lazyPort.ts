/**
 * A port built on its first use: a function that never pays, mails or hashes ID numbers starts without
 * that port's configuration, and one that does fails on that call with the missing setting named.
 * Ports are interfaces of methods, so every property read is a method to forward.
 */
export function lazyPort<T extends object>(make: () => T): T {
  let port: T | undefined;
  return new Proxy({} as T, {
    get(_target, property) {
      return (...args: unknown[]) => {
        port ??= make();
        const method = (port as Record<PropertyKey, unknown>)[property];
        if (typeof method !== 'function') throw new TypeError(`port has no method ${String(property)}`);
        return (method as (...a: unknown[]) => unknown).apply(port, args);
      };
    },
  });
}
