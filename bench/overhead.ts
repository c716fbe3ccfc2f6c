// Per-request overhead: one sequence (create, list two pages, delete) through raw fetch, bare ky,
// our core client and the official SDK, against the emulator on loopback over HTTPS (the official
// SDK refuses plain http, and all must share one transport to be compared), interleaved round by
// round so machine noise hits all alike. Each sample is the mean of a few sequences, so the
// timer's resolution and one-off GC pauses weigh less; min/median/max of the samples are reported.
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import ky from 'ky';
import tls from 'node:tls';
import { ChatClient, CommunicationTokenCredential } from '../src/core/index.ts';
import { createChatEmulatorServer } from '../src/emulator/index.ts';
import { summarize, type Summary } from './stats.ts';

export interface OverheadRow {
  name: string;
  /** Milliseconds per sequence of `requestsPerSequence` requests. */
  perSequence: Summary;
  /** HTTP requests the emulator saw, per sequence (a check that all three do the same work). */
  requestsPerSequence: number;
}

export interface OverheadResult {
  rows: OverheadRow[];
  totalRequests: number;
}

type Sequence = () => Promise<void>;

const apiVersion = '2025-03-15';
/** The same work for every client: create, two list pages of this size, delete. */
const pageSize = 2;
export const requestsPerSequence = 4;

export async function measureOverhead(
  rounds = 300,
  sequencesPerRound = 5,
): Promise<OverheadResult> {
  const server = await createChatEmulatorServer({ port: 0, https: true });
  // Trust the emulator's self-signed certificate in this process: fetch (undici) and node:https
  // (which the official SDK uses) both read Node's default CA list.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), server.ca!]);
  const { emulator } = server;
  const { userId, token } = await emulator.createUser();
  // Enough threads that the list always has a second page to follow.
  await emulator.seed({ participants: [userId], threads: pageSize * 3 });
  const endpoint = server.url;
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

  const runners: Array<[string, Sequence]> = [
    ['raw fetch', raw],
    ['ky alone (no retry, timeout, hooks)', kyOnly],
    ['react-acs-chat/core', core],
    ['@azure/communication-chat', official],
  ];
  // Warm up sockets and the JIT.
  for (let i = 0; i < 20; i++) for (const [, run] of runners) await run();
  const samples = new Map<string, number[]>(runners.map(([name]) => [name, []]));
  const requests = new Map<string, number>(runners.map(([name]) => [name, 0]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no client always runs first.
    for (let k = 0; k < runners.length; k++) {
      const [name, run] = runners[(round + k) % runners.length]!;
      emulator.clearRequests(); // keeps the log (and memory) from growing with the run
      const start = performance.now();
      for (let s = 0; s < sequencesPerRound; s++) await run();
      samples.get(name)!.push((performance.now() - start) / sequencesPerRound);
      requests.set(name, requests.get(name)! + emulator.requests.length);
    }
  }
  ours.close();
  await server.close();
  const sequences = rounds * sequencesPerRound;
  const rows = runners.map(([name]) => {
    const perSequence = requests.get(name)! / sequences;
    if (perSequence !== requestsPerSequence) {
      throw new Error(
        `${name} made ${perSequence} requests per sequence, not ${requestsPerSequence}`,
      );
    }
    return { name, perSequence: summarize(samples.get(name)!), requestsPerSequence: perSequence };
  });
  return { rows, totalRequests: sequences * requestsPerSequence * runners.length };
}
