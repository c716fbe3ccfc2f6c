// Vitest setup file (react and browser projects). Testing Library's waitFor gives up after 1 s by
// default: a wall-clock bound that a loaded machine misses (the spec validator alone can take that
// long on a first exchange). Tests wait for states; the test timeout is the only limit on how long.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 15_000 });
