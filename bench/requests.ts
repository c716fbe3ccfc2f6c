// Request count of a scripted inbox session with our hooks: open the inbox, scroll 3 pages,
// remount, create, delete, close and reopen; each step's requests against the fewest it could make.
// And of a summary session: the first 20 rows of 50 threads with their summaries, then a remount.
// The sessions (bench/session/main.ts) run in a child process: the hooks are TSX, which Node's
// type stripping does not load, so esbuild bundles them first; and the jsdom globals it installs
// stay out of this process.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionsOutput } from './session/main.ts';
import type { SessionReport, SessionStep } from './session/session.tsx';
import type { SummaryReport } from './session/summary-session.tsx';
import { hasReactEntry, root } from './size.ts';

export type { SessionStep, SummaryReport };

export interface RequestCountResult {
  skipped?: string;
  /** One report per QueryClient staleTime tried. */
  reports: SessionReport[];
  /** The summary session's, one per staleTime too. */
  summaries: SummaryReport[];
}

/** Under node_modules so the bundle's bare imports resolve to this repo's packages. */
const outDir = join(root, 'node_modules', '.cache', 'react-acs-chat-bench');

export async function measureRequestCount(
  staleTimes: readonly number[] = [0, 60_000],
): Promise<RequestCountResult> {
  if (!hasReactEntry()) {
    return { skipped: 'src/react/index.ts does not exist yet', reports: [], summaries: [] };
  }
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'session.cjs');
  await build({
    entryPoints: [join(root, 'bench/session/main.ts')],
    outfile,
    bundle: true,
    // CommonJS, so that React (CommonJS itself) is required as is; it loads after the --import
    // preload that installs the jsdom globals.
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    jsx: 'automatic',
    // React and TanStack stay external so the hooks, Testing Library and the app share one copy;
    // the rest (ky and the emulator's ESM-only dependencies) is bundled.
    external: ['react', 'react-dom', 'react/*', 'react-dom/*', '@tanstack/*', '@testing-library/*'],
    logLevel: 'silent',
  });
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', join(root, 'bench/session/dom.ts'), outfile, ...staleTimes.map(String)],
      {
        cwd: root,
        maxBuffer: 16 * 1024 * 1024, // React's development build: act(), which Testing Library needs, exists only there.
        env: { ...process.env, NODE_ENV: 'development' },
      },
      (error, out, err) =>
        error ? reject(new Error(`session failed: ${err || error.message}`)) : resolve(out),
    );
  });
  const { sessions, summaries } = JSON.parse(stdout) as SessionsOutput;
  return { reports: sessions, summaries };
}
