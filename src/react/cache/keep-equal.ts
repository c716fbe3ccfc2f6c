// Structural sharing that understands Dates. TanStack's default keeps old objects only when they
// are deeply equal plain data; our models carry Dates, which it never treats as equal, so every
// refetch would hand every row a new object and re-render it. This keeps the old object wherever
// nothing changed, Dates compared by time.
export function keepEqual<T>(previous: unknown, next: T): T {
  return share(previous, next) as T;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function share(a: unknown, b: unknown): unknown {
  if (a === b) return a;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime() ? a : b;
  if (Array.isArray(a) && Array.isArray(b)) {
    let same = a.length === b.length;
    const result = b.map((item, i) => {
      const shared = share(a[i], item);
      if (shared !== a[i]) same = false;
      return shared;
    });
    return same ? a : result;
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = Object.keys(b);
    let same = keys.length === Object.keys(a).length;
    const result: Record<string, unknown> = {};
    for (const key of keys) {
      const shared = share(a[key], b[key]);
      if (!(key in a) || shared !== a[key]) same = false;
      result[key] = shared;
    }
    return same ? a : result;
  }
  return b;
}
