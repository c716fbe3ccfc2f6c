// Per-request overhead in Node: the sequence of overhead-sequences.ts (create, list two pages,
// delete) through raw fetch, bare ky, our core client and the official SDK, against the emulator on
// loopback over HTTPS (the official SDK refuses plain http, and all must share one transport to be
// compared), in rounds whose order rotates. min/median/max of the samples are reported. The
// emulator, the request count and the rows are shared with the Chromium run (overhead-chromium.ts).
import tls from 'node:tls';
import {
  createChatEmulator,
  createChatEmulatorServer,
  type ChatEmulator,
  type ChatEmulatorOptions,
  type ChatEmulatorServer,
} from '../src/emulator/index.ts';
import {
  overheadClients,
  pageSize,
  requestsPerSequence,
  runRounds,
  type RoundsOptions,
} from './overhead-sequences.ts';
import { summarize, type Summary } from './stats.ts';

export interface OverheadRow {
  name: string;
  /** Milliseconds per sequence of `requestsPerSequence` requests. */
  perSequence: Summary;
  /** HTTP requests the emulator saw, per sequence (a check that all do the same work). */
  requestsPerSequence: number;
  /** CORS preflights per sequence, where a browser sends them. */
  preflightsPerSequence?: number;
}

export interface OverheadResult {
  rows: OverheadRow[];
  totalRequests: number;
}

export type OverheadOptions = Pick<RoundsOptions, 'rounds' | 'sequencesPerRound'>;

/** The emulator over HTTPS, and a user with enough threads that the list always has a second page. */
export async function startOverheadEmulator(
  options: ChatEmulatorOptions = {},
): Promise<{ server: ChatEmulatorServer; token: string }> {
  const server = await createChatEmulatorServer({
    port: 0,
    https: true,
    emulator: createChatEmulator(options),
  });
  const { userId, token } = await server.emulator.createUser();
  await server.emulator.seed({ participants: [userId], threads: pageSize * 3 });
  return { server, token };
}

/**
 * Counts each client's requests batch by batch from the emulator's log (which leaves out CORS
 * preflights); clearing it before each batch keeps it from growing with the run.
 */
export function requestCounter(emulator: ChatEmulator) {
  const counts: Record<string, number> = {};
  return {
    counts,
    beforeBatch: () => emulator.clearRequests(),
    afterBatch: (name: string) => {
      counts[name] = (counts[name] ?? 0) + emulator.requests.length;
    },
  };
}

/** The table's rows, after checking that every client made the same requests per sequence. */
export function overheadRows(
  samples: Record<string, number[]>,
  requests: Record<string, number>,
  options: OverheadOptions,
  preflights?: Record<string, number>,
): OverheadResult {
  const sequences = options.rounds * options.sequencesPerRound;
  const rows = Object.entries(samples).map(([name, values]): OverheadRow => {
    const perSequence = (requests[name] ?? 0) / sequences;
    if (perSequence !== requestsPerSequence) {
      throw new Error(
        `${name} made ${perSequence} requests per sequence, not ${requestsPerSequence}`,
      );
    }
    const row: OverheadRow = {
      name,
      perSequence: summarize(values),
      requestsPerSequence: perSequence,
    };
    if (preflights !== undefined) row.preflightsPerSequence = (preflights[name] ?? 0) / sequences;
    return row;
  });
  return { rows, totalRequests: sequences * requestsPerSequence * rows.length };
}

export async function measureOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const { server, token } = await startOverheadEmulator();
  // Trust the emulator's self-signed certificate in this process: fetch (undici) and node:https
  // (which the official SDK uses) both read Node's default CA list.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), server.ca!]);
  const clients = overheadClients(server.url, token);
  const counter = requestCounter(server.emulator);
  try {
    const { beforeBatch, afterBatch } = counter;
    const samples = await runRounds(clients.runners, { ...options, beforeBatch, afterBatch });
    return overheadRows(samples, counter.counts, options);
  } finally {
    clients.close();
    await server.close();
  }
}
