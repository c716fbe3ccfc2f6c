// The frame of a hook story: what the hook is for, the demo using it, the hook's state as plain
// values, and the demo's own source (the code between `// #region demo` and `// #endregion` of the
// story file, with the library imported as users import it).
import type { ReactNode } from 'react';

export function demoCode(source: string): string {
  const start = source.indexOf('// #region demo');
  const end = source.indexOf('// #endregion');
  const region = start < 0 || end < 0 ? source : source.slice(start + 16, end);
  return region.replace(/'(\.\.\/)+src\/react\/index\.ts'/g, "'react-acs-chat'").trim();
}

export function HookFrame(props: {
  name: string;
  summary: string;
  code: string;
  children: ReactNode;
}): ReactNode {
  return (
    <main className="hook-demo" aria-labelledby="hook-title">
      <h1 id="hook-title">
        <code>{props.name}</code>
      </h1>
      <p>{props.summary}</p>
      {props.children}
      <details>
        <summary>Code</summary>
        <pre>
          <code>{props.code}</code>
        </pre>
      </details>
    </main>
  );
}

/** A hook's state, field by field, as a description list labelled "Hook state". */
export function StateTable({ values }: { values: Record<string, unknown> }): ReactNode {
  return (
    <dl aria-label="Hook state">
      {Object.entries(values).map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd data-state={key}>{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return 'undefined';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
