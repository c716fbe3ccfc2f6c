/**
 * Adds a named field to a TanStack result without spreading it: spreading would read every
 * tracked property and make the component re-render on changes it never looks at.
 */
export function withField<R extends object, K extends string, V>(
  result: R,
  key: K,
  value: V,
): R & { [P in K]: V } {
  return Object.assign(result, { [key]: value } as { [P in K]: V });
}
