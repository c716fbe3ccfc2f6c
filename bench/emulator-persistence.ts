// The emulator's data directory, measured (bench/run.ts's persistence section): HTTP writes per
// second with and without `dataDir`, and the start time of an emulator whose directory holds
// 100,000 messages.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatEmulator, createChatEmulatorServer } from '../src/emulator/index.ts';
import { summarize } from './stats.ts';

const apiVersion = '2025-03-15';

export interface PersistenceResult {
  /** Messages sent per second (median of 3 runs), by clients at a time. */
  writes: { lanes: number; memory: number; kept: number }[];
  writesPerRun: number;
  start: { messages: number; threads: number; bytes: number; seedMs: number; ms: number[] };
}

/** Messages sent over HTTP per second, by `lanes` clients each waiting for its answer. */
async function writesPerSecond(
  dataDir: string | undefined,
  lanes: number,
  writes: number,
): Promise<number> {
  const emulator = createChatEmulator(dataDir === undefined ? {} : { dataDir });
  const server = await createChatEmulatorServer({ emulator });
  const { token } = await emulator.createUser();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}?api-version=${apiVersion}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as { chatThread?: { id: string } };
  };
  const { chatThread } = await post('/chat/threads', { topic: 'Bench' });
  const messages = `/chat/threads/${encodeURIComponent(chatThread!.id)}/messages`;
  let sent = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (sent < writes) {
        sent++;
        await post(messages, { content: `message ${sent}` });
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await server.close();
  emulator.close();
  return writes / seconds;
}

export async function measurePersistence(
  totalMessages = 100_000,
  writes = 2000,
): Promise<PersistenceResult> {
  const root = mkdtempSync(join(tmpdir(), 'acs-emulator-bench-'));
  try {
    const rates: PersistenceResult['writes'] = [];
    for (const lanes of [1, 8]) {
      const memory: number[] = [];
      const kept: number[] = [];
      for (let run = 0; run < 3; run++) {
        memory.push(await writesPerSecond(undefined, lanes, writes));
        kept.push(await writesPerSecond(join(root, `writes-${lanes}-${run}`), lanes, writes));
      }
      rates.push({ lanes, memory: summarize(memory).median, kept: summarize(kept).median });
    }
    const dir = join(root, 'start');
    const threads = 100;
    const seeding = createChatEmulator({ dataDir: dir });
    const seedStart = performance.now();
    const { users } = await seeding.seed({
      users: 2,
      threads,
      messagesPerThread: totalMessages / threads,
    });
    const seedMs = performance.now() - seedStart;
    seeding.close();
    const bytes = statSync(join(dir, 'emulator.sqlite')).size;
    const starts: number[] = [];
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      const emulator = createChatEmulator({ dataDir: dir });
      // Loaded, and answering: the first page of the user's threads with the token from before.
      const response = await emulator.handle(
        new Request(`http://127.0.0.1/chat/threads?api-version=${apiVersion}`, {
          headers: { authorization: `Bearer ${users[0]!.token}` },
        }),
      );
      if (!response.ok) throw new Error(`list answered ${response.status}`);
      starts.push(performance.now() - start);
      emulator.close();
    }
    return {
      writes: rates,
      writesPerRun: writes,
      start: { messages: totalMessages, threads, bytes, seedMs, ms: starts },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
