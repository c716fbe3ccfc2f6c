// The scripted sessions' process (bench/requests.ts bundles and starts it): the inbox session and
// the summary session, once per staleTime given as arguments. Node preloads ./dom.ts (--import) for
// the browser globals. Prints the reports as JSON on stdout.
import { session, type SessionReport } from './session.tsx';
import { summarySession, type SummaryReport } from './summary-session.tsx';

export interface SessionsOutput {
  sessions: SessionReport[];
  summaries: SummaryReport[];
}

// Bundled as CommonJS (see bench/requests.ts), hence no top-level await.
async function main(): Promise<void> {
  const args = process.argv.slice(2).map(Number);
  const staleTimes = args.length > 0 ? args : [0];
  const output: SessionsOutput = { sessions: [], summaries: [] };
  for (const staleTimeMs of staleTimes) output.sessions.push(await session(staleTimeMs));
  for (const staleTimeMs of staleTimes) output.summaries.push(await summarySession(staleTimeMs));
  // Exit once the report is out: TanStack's garbage-collection timers (gcTime, 5 minutes) would
  // otherwise keep the process alive long after the session ended.
  process.stdout.write(`${JSON.stringify(output)}\n`, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
