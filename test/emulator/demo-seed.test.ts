// The demo's seed (.storybook/demo-data.ts, what `npm start` and the stories serve), read over HTTP
// as a client computes an inbox: the user's own read receipt (listReadReceipts), then the messages
// since it (listMessages with startTime, following nextLink), counting those from others of type
// text or html after the receipt and after the user's own latest message. Proves the unread counts
// the seed promises (0, 1, 5, 150), that every other thread is read, and the thread the demo user
// was removed from: in her list, its reads 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClock, seedDemo } from '../../.storybook/demo-data.ts';
import type { DemoWorld } from '../../stories/support/cast.ts';
import {
  conversationLength,
  conversationTopic,
  refusedTopic,
  seededThreadCount,
  unreadByTopic,
} from '../../stories/support/demo-constants.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { call, threadPath, type CallResult, type Json } from './helpers.ts';

let emu: TestEmulator;
let world: DemoWorld;
let adaToken: string;
let threads: Json[];

/** Every item of a paged list, following nextLink as given; a refusal is returned as is. */
async function all(path: string, token: string, query: Record<string, string> = {}) {
  const items: Json[] = [];
  let page: CallResult = await call(emu.url, path, { token, query });
  for (;;) {
    if (page.status !== 200) return { status: page.status, body: page.body as Json, items };
    items.push(...(page.body.value as Json[]));
    if (page.body.nextLink === undefined) return { status: 200, body: page.body as Json, items };
    page = await call(emu.url, page.body.nextLink as string, { token });
  }
}

/** The unread count of one thread for the demo user, as a client computes it. */
async function unreadCount(threadId: string): Promise<number> {
  const me = world.user.userId;
  const receipts = await all(threadPath(threadId, '/readReceipts'), adaToken);
  expect(receipts.status).toBe(200);
  const mine = receipts.items.find((r) => r.senderCommunicationIdentifier.rawId === me);
  // Message ids are the creation time in epoch milliseconds: the receipt's message is the bound.
  const query: Record<string, string> =
    mine === undefined ? {} : { startTime: new Date(Number(mine.chatMessageId)).toISOString() };
  const since = await all(threadPath(threadId, '/messages'), adaToken, query);
  expect(since.status).toBe(200);
  let unread = 0;
  // Newest first: stop at the receipt's message or at the user's own latest message.
  for (const message of since.items) {
    if (mine !== undefined && BigInt(message.id) <= BigInt(mine.chatMessageId)) break;
    if (message.senderCommunicationIdentifier?.rawId === me) break;
    if (message.type === 'text' || message.type === 'html') unread++;
  }
  return unread;
}

beforeAll(async () => {
  const clock = demoClock();
  emu = await startEmulator({ now: clock.now });
  world = await seedDemo(emu.emulator, clock);
  adaToken = (await emu.emulator.issueToken(world.user.userId)).token;
  const listed = await all('/chat/threads', adaToken, { maxPageSize: '50' });
  threads = listed.items;
});
afterAll(() => emu.close());

describe("the demo user's inbox as seeded", () => {
  it('holds the promised threads: the project threads, the left one and the conversation', () => {
    expect(threads).toHaveLength(seededThreadCount);
    const topics = threads.map((t) => t.topic as string);
    expect(topics[0]).toBe(conversationTopic);
    expect(topics).toContain(refusedTopic);
    for (const topic of Object.keys(unreadByTopic)) expect(topics).toContain(topic);
    expect(threads.filter((t) => t.deletedOn !== undefined)).toEqual([]);
  });

  it('gives 0, 1, 5 and 150 unread messages where promised, and every other project thread 0', async () => {
    const counts: Record<string, number> = {};
    for (const thread of threads) {
      if (thread.topic === refusedTopic) continue;
      counts[thread.topic as string] = await unreadCount(thread.id as string);
    }
    const expected: Record<string, number> = {};
    for (const thread of threads) {
      const topic = thread.topic as string;
      if (topic === refusedTopic) continue;
      // The conversation: Ada sent every third message (#1, #4, ... #118), so two came after hers.
      const conversationUnread =
        conversationLength - 1 - Math.floor((conversationLength - 1) / 3) * 3;
      expected[topic] =
        topic === conversationTopic ? conversationUnread : (unreadByTopic[topic] ?? 0);
    }
    expect(counts).toEqual(expected);
    expect(Object.values(unreadByTopic).sort((a, b) => a - b)).toEqual([0, 1, 5, 150]);
    expect(counts[conversationTopic]).toBe(2);
  });

  it("has the demo user's own read receipt in every project thread", async () => {
    for (const thread of threads) {
      if (thread.topic === refusedTopic || thread.topic === conversationTopic) continue;
      const receipts = await all(threadPath(thread.id as string, '/readReceipts'), adaToken);
      const readers = receipts.items.map((r) => r.senderCommunicationIdentifier.rawId);
      expect({ topic: thread.topic, readers }).toEqual({
        topic: thread.topic,
        readers: [world.user.userId],
      });
    }
  });

  it('keeps the thread she was removed from in her list, its reads 403, the removal on record', async () => {
    const left = threads.find((t) => t.topic === refusedTopic)!;
    expect(left).toEqual({
      id: left.id,
      topic: refusedTopic,
      lastMessageReceivedOn: expect.any(String),
    });
    for (const path of ['', '/messages', '/readReceipts']) {
      const denied = await call(emu.url, threadPath(left.id as string, path), { token: adaToken });
      expect({ path, status: denied.status, body: denied.body }).toEqual({
        path,
        status: 403,
        body: {
          error: { code: 'Forbidden', message: 'User is not allowed to perform specified action.' },
        },
      });
    }
    // Grace, who removed her, sees the removal as the thread's newest message.
    const grace = world.people.find((p) => p.displayName === 'Grace Hopper')!;
    const graceToken = (await emu.emulator.issueToken(grace.userId)).token;
    const [newest] = (
      await call(emu.url, threadPath(left.id as string, '/messages'), {
        token: graceToken,
        query: { maxPageSize: 1 },
      })
    ).body.value as Json[];
    expect(newest).toMatchObject({
      type: 'participantRemoved',
      content: {
        participants: [{ communicationIdentifier: { rawId: world.user.userId } }],
        initiatorCommunicationIdentifier: { rawId: grace.userId },
      },
    });
  });
});
