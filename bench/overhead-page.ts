// What the page runs in the Chromium overhead run (bundled by overhead-chromium.ts, which puts
// runOverhead on the page's globalThis): the same clients and rounds as in Node. Node hands in the
// endpoint and token, and counts each batch's requests through the two functions it exposes.
import { overheadClients, runRounds } from './overhead-sequences.ts';

export interface OverheadPage {
  runOverhead(
    endpoint: string,
    token: string,
    rounds: number,
    sequencesPerRound: number,
  ): Promise<Record<string, number[]>>;
  /** Exposed by Node (Playwright's exposeFunction). */
  benchBeforeBatch(name: string): Promise<void>;
  benchAfterBatch(name: string): Promise<void>;
}

const page = globalThis as unknown as OverheadPage;

export const runOverhead: OverheadPage['runOverhead'] = async (
  endpoint,
  token,
  rounds,
  sequencesPerRound,
) => {
  const clients = overheadClients(endpoint, token);
  try {
    return await runRounds(clients.runners, {
      rounds,
      sequencesPerRound,
      beforeBatch: page.benchBeforeBatch,
      afterBatch: page.benchAfterBatch,
    });
  } finally {
    clients.close();
  }
};
