// For `node --import`: resolves the package's own entry `react-acs-chat/core` to its source, so a
// child process runs an example file unchanged without a build (Node strips the types). The same
// mapping as tsconfig.json's paths and the node project's alias.
import { registerHooks } from 'node:module';

const core = new URL('../../src/core/index.ts', import.meta.url).href;

registerHooks({
  resolve: (specifier, context, nextResolve) =>
    specifier === 'react-acs-chat/core'
      ? { url: core, shortCircuit: true }
      : nextResolve(specifier, context),
});
