// The import rules of src (`npm run check:imports`, part of `npm test`). They encode the drawing of
// the layers: no circle anywhere (type imports count: a type-only circle is still a tangle to
// read); core is framework-free and shares nothing with the emulator; in the React layer the public
// face (index, hooks, provider, factories) sits on top, the machinery rooms below it in one order
// (realtime, then cache, then summaries, then records), and the shared types and keys at the bottom.
const react = '^src/react/';
const face = `${react}(index\\.ts|chat-provider\\.tsx|chat-queries\\.ts|mutation-options\\.ts|hooks/)`;
const machinery = `${react}(realtime|cache|summaries|records|credential)/`;

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A circle of imports (type imports included): move what both sides share down a layer.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-stands-alone',
      comment: 'src/core is framework-free: no React, no TanStack, nothing of the other layers.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/(react|emulator)/', '^node_modules/(react|react-dom|@tanstack)/'] },
    },
    {
      name: 'emulator-shares-nothing',
      comment:
        'The emulator and the client both follow the spec, so each checks the other: no shared code.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/(core|react)/' },
    },
    {
      name: 'client-never-imports-emulator',
      severity: 'error',
      from: { path: '^src/(core|react)/' },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'react-uses-core-entry',
      comment: "The React layer knows the core client's public API only: import src/core/index.ts.",
      severity: 'error',
      from: { path: react },
      to: { path: '^src/core/', pathNot: '^src/core/index\\.ts$' },
    },
    {
      name: 'nothing-imports-the-entry',
      comment: 'index.ts is what users import; inside src nothing does.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: `${react}index\\.ts$` },
    },
    {
      name: 'machinery-below-the-face',
      comment:
        'The machinery rooms never import the public face (hooks, provider, factories, index).',
      severity: 'error',
      from: { path: machinery },
      to: { path: face },
    },
    {
      name: 'factories-below-hooks',
      comment:
        'The query and mutation factories are what hooks wrap: they never import a hook or the provider.',
      severity: 'error',
      from: { path: `${react}(chat-queries\\.ts|mutation-options\\.ts)$` },
      to: { path: `${react}(hooks/|chat-provider\\.tsx)` },
    },
    {
      name: 'provider-below-hooks',
      severity: 'error',
      from: { path: `${react}chat-provider\\.tsx$` },
      to: { path: `${react}hooks/` },
    },
    {
      name: 'keys-and-types-at-the-bottom',
      comment: 'types.ts is the leaf; chat-keys.ts imports only it.',
      severity: 'error',
      from: { path: `${react}(types|chat-keys)\\.ts$` },
      to: { path: react, pathNot: `${react}types\\.ts$` },
    },
    {
      name: 'cache-below-realtime',
      comment:
        'Cache edits are what the real-time side, polls and mutations use: they never import it.',
      severity: 'error',
      from: { path: `${react}cache/` },
      to: { path: `${react}realtime/` },
    },
    {
      name: 'summaries-below-cache',
      comment:
        'The summary reducer is handed what it needs; it never reads the cache rooms above it.',
      severity: 'error',
      from: { path: `${react}summaries/` },
      to: { path: `${react}(realtime|cache)/` },
    },
    {
      name: 'records-below-everything',
      comment:
        'The records kept beside the caches (tombstones, versions, own reads) import only types.',
      severity: 'error',
      from: { path: `${react}records/` },
      to: { path: react, pathNot: `${react}(records/|types\\.ts$)` },
    },
    {
      name: 'credential-apart',
      comment: "The provider's credential helpers know nothing of the caches.",
      severity: 'error',
      from: { path: `${react}credential/` },
      to: { path: react, pathNot: `${react}(credential/|types\\.ts$)` },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
