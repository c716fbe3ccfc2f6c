// Per-request overhead: one sequence (create, list two pages, delete) through raw fetch, our core
// client and the official SDK, against the emulator on loopback over HTTPS (the official SDK
// refuses plain http), interleaved round by round so machine noise hits all three alike.
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import tls from 'node:tls';
import { ChatClient, CommunicationTokenCredential } from '../src/core/index.ts';
import { createChatEmulatorServer } from '../src/emulator/index.ts';

export interface OverheadRow {
  name: string;
  /** Milliseconds per sequence: min, median, max over the rounds. */
  min: number;
  median: number;
  max: number;
}

type Sequence = () => Promise<void>;

const apiVersion = '2025-03-15';

export async function measureOverhead(rounds = 300, sequencesPerRound = 5): Promise<OverheadRow[]> {
  const server = await createChatEmulatorServer({ port: 0, https: true });
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), server.ca!]);
  const { token } = await server.emulator.createUser();
  const endpoint = server.url;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // Each seeds a few threads first so "list" has two pages of 2.
  const raw: Sequence = async () => {
    const created = await fetch(`${endpoint}/chat/threads?api-version=${apiVersion}`, {
      method: 'POST',
      headers: { ...auth, 'repeatability-request-id': crypto.randomUUID() },
      body: JSON.stringify({ topic: 'bench' }),
    }).then((r) => r.json() as Promise<{ chatThread: { id: string } }>);
    const first = await fetch(`${endpoint}/chat/threads?maxPageSize=2&api-version=${apiVersion}`, {
      headers: auth,
    }).then((r) => r.json() as Promise<{ nextLink?: string }>);
    if (first.nextLink) await fetch(first.nextLink, { headers: auth }).then((r) => r.json());
    await fetch(
      `${endpoint}/chat/threads/${encodeURIComponent(created.chatThread.id)}?api-version=${apiVersion}`,
      {
        method: 'DELETE',
        headers: auth,
      },
    ).then((r) => r.arrayBuffer());
  };

  const ours = new ChatClient(endpoint, new CommunicationTokenCredential(token));
  const core: Sequence = async () => {
    const { chatThread } = await ours.createChatThread({ topic: 'bench' });
    const pages = ours.listChatThreads({ maxPageSize: 2 }).byPage();
    await pages.next();
    await pages.next();
    await ours.deleteChatThread(chatThread!.id);
  };

  const theirs = new OfficialChatClient(endpoint, new AzureCommunicationTokenCredential(token));
  const official: Sequence = async () => {
    const { chatThread } = await theirs.createChatThread({ topic: 'bench' });
    const pages = theirs.listChatThreads({ maxPageSize: 2 }).byPage();
    await pages.next();
    await pages.next();
    await theirs.deleteChatThread(chatThread!.id);
  };

  const runners: Array<[string, Sequence]> = [
    ['raw fetch', raw],
    ['react-acs-chat/core', core],
    ['@azure/communication-chat', official],
  ];
  for (let i = 0; i < 4; i++) for (const [, run] of runners) await run(); // seed + warm up
  const samples = new Map<string, number[]>(runners.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no client always runs first.
    for (let k = 0; k < runners.length; k++) {
      const [name, run] = runners[(round + k) % runners.length]!;
      const start = performance.now();
      for (let s = 0; s < sequencesPerRound; s++) await run();
      samples.get(name)!.push((performance.now() - start) / sequencesPerRound);
    }
  }
  ours.close();
  await server.close();
  return runners.map(([name]) => {
    const sorted = samples.get(name)!.sort((a, b) => a - b);
    return {
      name,
      min: sorted[0]!,
      median: sorted[Math.floor(sorted.length / 2)]!,
      max: sorted.at(-1)!,
    };
  });
}
