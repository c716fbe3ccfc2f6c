// Emulator scale: the cost of listing one page of threads must depend on the page, not on how many
// threads the store holds. We seed stores of growing size and time pages through the Fetch handler
// directly (no sockets), so the number measures the emulator and nothing else. The first page and a
// page deep in the list (reached by following nextLink) are both timed: a store that scans from the
// top would show on the deep page; one that sorts on every call would show on both.
import { createChatEmulator } from '../src/emulator/index.ts';
import { summarize, type Summary } from './stats.ts';

export interface ScaleRow {
  threads: number;
  seedMs: number;
  /** Milliseconds per request for the first page. */
  first: Summary;
  /** Milliseconds per request for a page about half-way down the list. */
  deep: Summary;
  /** Store records the list visited for one page (the emulator counts them). */
  recordsPerPage: number;
}

const apiVersion = '2025-03-15';
const pageSize = 20;

export async function measureScale(
  sizes: readonly number[] = [100, 10_000, 100_000],
  samples = 200,
): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const threads of sizes) {
    const emulator = createChatEmulator();
    const seedStart = performance.now();
    const { users } = await emulator.seed({ users: 1, threads });
    const seedMs = performance.now() - seedStart;
    const { token } = users[0]!;
    const base = 'http://127.0.0.1';
    const get = async (url: string) => {
      const response = await emulator.handle(
        new Request(url, { headers: { authorization: `Bearer ${token}` } }),
      );
      if (!response.ok) throw new Error(`list failed: ${response.status}`);
      return (await response.json()) as { value: unknown[]; nextLink?: string };
    };
    const firstUrl = `${base}/chat/threads?maxPageSize=${pageSize}&api-version=${apiVersion}`;

    // Walk to the middle of the list once to get a deep nextLink (not timed).
    let deepUrl = firstUrl;
    const hops = Math.floor(threads / pageSize / 2);
    for (let i = 0; i < hops; i++) {
      const page = await get(deepUrl);
      if (page.nextLink === undefined) break;
      deepUrl = page.nextLink;
    }

    const time = async (url: string) => {
      for (let i = 0; i < 100; i++) await get(url); // warm up the JIT on this path
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const start = performance.now();
        await get(url);
        times.push(performance.now() - start);
      }
      return summarize(times);
    };
    const first = await time(firstUrl);
    const deep = await time(deepUrl);

    const before = emulator.recordsVisited;
    await get(deepUrl);
    const recordsPerPage = emulator.recordsVisited - before;
    emulator.reset();
    rows.push({ threads, seedMs, first, deep, recordsPerPage });
  }
  return rows;
}
