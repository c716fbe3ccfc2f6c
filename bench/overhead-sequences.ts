// The overhead benchmark's work, shared by the Node run and the page Chromium runs (so it must not
// import anything of Node's): one sequence (create, list two pages, delete) through raw fetch, bare
// ky, our core client and the official SDK, and the interleaved rounds that time them.
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import ky from 'ky';
import { ChatClient, CommunicationTokenCredential } from '../src/core/index.ts';

export type Sequence = () => Promise<void>;

const apiVersion = '2025-03-15';
/** The same work for every client: create, two list pages of this size, delete. */
export const pageSize = 2;
export const requestsPerSequence = 4;

export const clientNames = {
  raw: 'raw fetch',
  ky: 'ky alone (no retry, timeout, hooks)',
  core: 'react-acs-chat/core',
  official: '@azure/communication-chat',
} as const;

export interface OverheadClients {
  /** In the order of the table; the rounds rotate it. */
  runners: Array<[name: string, run: Sequence]>;
  close(): void;
}

/** The four clients, each doing the sequence against `endpoint` as the token's user. */
export function overheadClients(endpoint: string, token: string): OverheadClients {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const check = (response: Response, expected: number) => {
    if (response.status !== expected) throw new Error(`raw fetch: status ${response.status}`);
    return response;
  };
  const raw: Sequence = async () => {
    const created = await fetch(`${endpoint}/chat/threads?api-version=${apiVersion}`, {
      method: 'POST',
      headers: { ...auth, 'repeatability-request-id': crypto.randomUUID() },
      body: JSON.stringify({ topic: 'bench' }),
    }).then((r) => check(r, 201).json() as Promise<{ chatThread: { id: string } }>);
    const first = await fetch(
      `${endpoint}/chat/threads?maxPageSize=${pageSize}&api-version=${apiVersion}`,
      { headers: auth },
    ).then((r) => check(r, 200).json() as Promise<{ nextLink?: string }>);
    if (first.nextLink === undefined) throw new Error('raw fetch: expected a second page');
    await fetch(first.nextLink, { headers: auth }).then((r) => check(r, 200).json());
    await fetch(
      `${endpoint}/chat/threads/${encodeURIComponent(created.chatThread.id)}?api-version=${apiVersion}`,
      { method: 'DELETE', headers: auth },
    ).then((r) => check(r, 204).arrayBuffer());
  };

  // ky with nothing of ours on top (no retries, timeout or hooks): the floor for a ky-based client,
  // so the table shows how much of core's overhead is ky's and how much is core's own.
  const bare = ky.create({ retry: 0, timeout: false, headers: auth });
  const kyOnly: Sequence = async () => {
    const created = await bare
      .post(`${endpoint}/chat/threads?api-version=${apiVersion}`, {
        headers: { 'repeatability-request-id': crypto.randomUUID() },
        json: { topic: 'bench' },
      })
      .json<{ chatThread: { id: string } }>();
    const first = await bare
      .get(`${endpoint}/chat/threads?maxPageSize=${pageSize}&api-version=${apiVersion}`)
      .json<{ nextLink?: string }>();
    if (first.nextLink === undefined) throw new Error('ky: expected a second page');
    await bare.get(first.nextLink).json();
    await bare
      .delete(
        `${endpoint}/chat/threads/${encodeURIComponent(created.chatThread.id)}?api-version=${apiVersion}`,
      )
      .arrayBuffer();
  };

  const ours = new ChatClient(endpoint, new CommunicationTokenCredential(token));
  const core: Sequence = async () => {
    const { chatThread } = await ours.createChatThread({ topic: 'bench' });
    const pages = ours.listChatThreads({ maxPageSize: pageSize }).byPage();
    const first = await pages.next();
    if (first.done || first.value.length !== pageSize) throw new Error('core: bad first page');
    await pages.next();
    await ours.deleteChatThread(chatThread!.id);
  };

  const theirs = new OfficialChatClient(endpoint, new AzureCommunicationTokenCredential(token));
  const official: Sequence = async () => {
    const { chatThread } = await theirs.createChatThread({ topic: 'bench' });
    const pages = theirs.listChatThreads({ maxPageSize: pageSize }).byPage();
    const first = await pages.next();
    if (first.done || first.value.length !== pageSize) throw new Error('official: bad first page');
    await pages.next();
    await theirs.deleteChatThread(chatThread!.id);
  };

  return {
    runners: [
      [clientNames.raw, raw],
      [clientNames.ky, kyOnly],
      [clientNames.core, core],
      [clientNames.official, official],
    ],
    close: () => ours.close(),
  };
}

export interface RoundsOptions {
  rounds: number;
  sequencesPerRound: number;
  /** Sequences per client before timing starts (sockets, JIT). Default 20. */
  warmup?: number;
  /** Called before and after each client's batch, outside the timing: to count its requests. */
  beforeBatch?: (name: string) => void | Promise<void>;
  afterBatch?: (name: string) => void | Promise<void>;
}

/**
 * Times the runners round by round, rotating their order each round so machine noise (and going
 * first) hits all alike. Each sample is the mean of `sequencesPerRound` sequences, so the timer's
 * resolution and one-off GC pauses weigh less. Returns milliseconds per sequence, by client name.
 */
export async function runRounds(
  runners: OverheadClients['runners'],
  options: RoundsOptions,
): Promise<Record<string, number[]>> {
  const { rounds, sequencesPerRound, warmup = 20, beforeBatch, afterBatch } = options;
  for (let i = 0; i < warmup; i++) for (const [, run] of runners) await run();
  const samples: Record<string, number[]> = Object.fromEntries(runners.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < runners.length; k++) {
      const [name, run] = runners[(round + k) % runners.length]!;
      await beforeBatch?.(name);
      const start = performance.now();
      for (let s = 0; s < sequencesPerRound; s++) await run();
      samples[name]!.push((performance.now() - start) / sequencesPerRound);
      await afterBatch?.(name);
    }
  }
  return samples;
}
