/**
 * TanStack's result plus one field, without touching the result. TanStack hands hooks a proxy that
 * records which fields a component reads, to re-render it only when those change; writing onto it
 * changes the object TanStack compares with the next result, and spreading it reads (so tracks)
 * every field. So the field is served by a proxy over TanStack's, which passes every other read on.
 */
export function withField<R extends object, K extends string, V>(
  result: R,
  key: K,
  value: V,
): R & { readonly [P in K]: V } {
  return new Proxy(result, {
    get: (target, property) => (property === key ? value : Reflect.get(target, property)),
    has: (target, property) => property === key || Reflect.has(target, property),
    ownKeys: (target) => [...Reflect.ownKeys(target).filter((k) => k !== key), key],
    getOwnPropertyDescriptor: (target, property) =>
      property === key
        ? { value, enumerable: true, configurable: true, writable: false }
        : Reflect.getOwnPropertyDescriptor(target, property),
  }) as R & { readonly [P in K]: V };
}
