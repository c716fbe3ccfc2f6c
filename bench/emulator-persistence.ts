// The emulator's data directory, measured: HTTP writes per second with and without `dataDir`, and
// the start time of an emulator whose directory holds 100,000 messages. Run by hand (it is not a
// section of bench/run.ts): `node bench/emulator-persistence.ts [--messages 100000] [--writes 2000]`.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createChatEmulator, createChatEmulatorServer } from '../src/emulator/index.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    writes: { type: 'string', default: '2000' },
  },
});
const totalMessages = Number(values.messages);
const writes = Number(values.writes);
const apiVersion = '2025-03-15';

/** Messages sent over HTTP per second, by `lanes` clients each waiting for its answer. */
async function writesPerSecond(dataDir: string | undefined, lanes: number): Promise<number> {
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const root = mkdtempSync(join(tmpdir(), 'acs-emulator-bench-'));
try {
  for (const lanes of [1, 8]) {
    const memory: number[] = [];
    const kept: number[] = [];
    for (let run = 0; run < 3; run++) {
      memory.push(await writesPerSecond(undefined, lanes));
      kept.push(await writesPerSecond(join(root, `writes-${lanes}-${run}`), lanes));
    }
    console.log(
      `HTTP message sends, ${lanes} client(s) at a time: in memory ${median(memory).toFixed(0)}/s, ` +
        `with dataDir ${median(kept).toFixed(0)}/s (median of 3 runs of ${writes})`,
    );
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
  console.log(
    `Start with ${totalMessages} messages in ${threads} threads (${(bytes / 1e6).toFixed(1)} MB): ` +
      `${median(starts).toFixed(0)} ms to the first answer (median of 5; ` +
      `min ${Math.min(...starts).toFixed(0)}, max ${Math.max(...starts).toFixed(0)}); ` +
      `the seed that wrote them took ${seedMs.toFixed(0)} ms`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
