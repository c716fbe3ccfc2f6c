// What an inbox reads from the service, as the service answers it: read receipts, `startTime` on
// the message list (its boundary, on every page), and a participant who was removed (403 to their
// reads, the thread still in their list, unmarked). Sources for each behaviour are in the comments
// of src/emulator/chat-route.ts, message-routes.ts and receipt-routes.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { acs, call, threadPath, type Json } from './helpers.ts';

let clock = Date.parse('2025-03-01T09:00:00Z');
/** Whole seconds, as the service writes times. */
const iso = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
/** Milliseconds kept: a client may send startTime this precisely. */
const isoMs = (ms: number) => new Date(ms).toISOString();
let emu: TestEmulator;
let ann: { userId: string; token: string };
let bob: { userId: string; token: string };

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock });
  ann = await emu.user();
  bob = await emu.user();
});
afterAll(() => emu.close());

const wireUser = (userId: string) => ({
  rawId: userId,
  kind: 'communicationUser',
  communicationUser: { id: userId },
});

async function newThread(): Promise<string> {
  clock += 60_000;
  const res = await call(emu.url, '/chat/threads', {
    token: ann.token,
    body: { topic: 'Inbox', participants: [{ communicationIdentifier: acs(bob.userId) }] },
  });
  return res.body.chatThread.id as string;
}

const send = async (threadId: string, token: string, content: string) =>
  (await call(emu.url, threadPath(threadId, '/messages'), { token, body: { content } })).body
    .id as string;

const receipt = (threadId: string, token: string, chatMessageId: string) =>
  call(emu.url, threadPath(threadId, '/readReceipts'), { token, body: { chatMessageId } });

/** Every message since `startTime`, following nextLink as given. */
async function messagesSince(threadId: string, startTime: string, maxPageSize = 200) {
  const all: Json[] = [];
  let page = await call(emu.url, threadPath(threadId, '/messages'), {
    token: ann.token,
    query: { startTime, maxPageSize },
  });
  for (;;) {
    expect(page.status).toBe(200);
    all.push(...page.body.value);
    if (page.body.nextLink === undefined) return all;
    page = await call(emu.url, page.body.nextLink, { token: ann.token });
  }
}

describe('read receipts', () => {
  it("lists each reader's latest receipt: the message id, when it was sent, who sent it", async () => {
    const threadId = await newThread();
    clock += 1000;
    const first = await send(threadId, ann.token, 'one');
    clock += 2500;
    const sent = await receipt(threadId, bob.token, first);
    expect(sent.status).toBe(200);
    expect(sent.text).toBe('');
    const readOn = clock;
    const list = async () =>
      (await call(emu.url, threadPath(threadId, '/readReceipts'), { token: ann.token })).body;
    // Exactly the spec's three fields; readOn is when the receipt was sent, not the message's time.
    expect(await list()).toEqual({
      value: [
        {
          senderCommunicationIdentifier: wireUser(bob.userId),
          chatMessageId: first,
          readOn: iso(readOn),
        },
      ],
    });
    clock += 1000;
    const second = await send(threadId, ann.token, 'two');
    clock += 1000;
    await receipt(threadId, bob.token, second);
    await receipt(threadId, ann.token, second);
    // One receipt per reader: Bob's second replaced his first.
    const both = (await list()).value as Json[];
    expect(both.map((r) => [r.senderCommunicationIdentifier.rawId, r.chatMessageId])).toEqual([
      [bob.userId, second],
      [ann.userId, second],
    ]);
    // The receipt sent last is the one kept, even for an older message (inferred: see
    // receipt-routes.ts).
    clock += 1000;
    await receipt(threadId, bob.token, first);
    const bobs = ((await list()).value as Json[]).find(
      (r) => r.senderCommunicationIdentifier.rawId === bob.userId,
    );
    expect(bobs).toEqual({
      senderCommunicationIdentifier: wireUser(bob.userId),
      chatMessageId: first,
      readOn: iso(clock),
    });
  });
});

describe('startTime on the message list', () => {
  it('includes a message created exactly at startTime, excludes one a millisecond earlier', async () => {
    const threadId = await newThread();
    clock = Math.floor(clock / 1000) * 1000 + 60_250; // a time with milliseconds
    const at = clock;
    const id = await send(threadId, ann.token, 'boundary');
    expect(id).toBe(String(at));
    const contents = async (startTime: string) =>
      (await messagesSince(threadId, startTime)).map((m) => m.content.message ?? m.type);
    expect(await contents(isoMs(at))).toEqual(['boundary']);
    expect(await contents(isoMs(at - 1))).toEqual(['boundary']);
    expect(await contents(isoMs(at + 1))).toEqual([]);
    // The whole second the service writes (createdOn) reaches back to the start of that second.
    expect(await contents(iso(at))).toEqual(['boundary']);
  });

  it('holds the same bound on every page as on the first', async () => {
    const threadId = await newThread();
    clock = Math.floor(clock / 1000) * 1000 + 60_100;
    const ids: string[] = [];
    // Five messages within one second, a millisecond apart.
    for (let i = 1; i <= 5; i++) {
      ids.push(await send(threadId, ann.token, `m${i}`));
      clock += 1;
    }
    const since = isoMs(Number(ids[2]));
    const paged = await messagesSince(threadId, since, 1);
    const whole = await messagesSince(threadId, since, 200);
    expect(whole.map((m) => m.content.message)).toEqual(['m5', 'm4', 'm3']);
    expect(paged.map((m) => m.id)).toEqual(whole.map((m) => m.id));
  });
});

describe('startTime on the thread list', () => {
  it('holds the same bound on every page as on the first', async () => {
    const carol = await emu.user();
    clock = Math.floor(clock / 1000) * 1000 + 60_100;
    const ids: string[] = [];
    const activity: number[] = [];
    // Five threads within one second; each one's latest activity is its topicUpdated message,
    // a millisecond after its creation.
    for (let i = 1; i <= 5; i++) {
      const res = await call(emu.url, '/chat/threads', {
        token: carol.token,
        body: { topic: `t${i}` },
      });
      ids.push(res.body.chatThread.id as string);
      activity.push(clock + 1);
      clock += 10;
    }
    const list = async (maxPageSize: number) => {
      const topics: string[] = [];
      let page = await call(emu.url, '/chat/threads', {
        token: carol.token,
        query: { startTime: isoMs(activity[2]!), maxPageSize },
      });
      for (;;) {
        topics.push(...(page.body.value as Json[]).map((t) => t.topic as string));
        if (page.body.nextLink === undefined) return topics;
        page = await call(emu.url, page.body.nextLink, { token: carol.token });
      }
    };
    expect(await list(200)).toEqual(['t5', 't4', 't3']);
    expect(await list(1)).toEqual(['t5', 't4', 't3']);
  });
});

describe('a participant removed from a thread', () => {
  it('gets 403 on its reads, and keeps the thread in their list as it was, unmarked', async () => {
    const threadId = await newThread();
    clock += 1000;
    const hello = await send(threadId, ann.token, 'hello');
    await receipt(threadId, bob.token, hello);
    clock += 1000;
    const removed = await call(emu.url, threadPath(threadId, '/participants/:remove'), {
      token: ann.token,
      body: acs(bob.userId),
    });
    expect(removed.status).toBe(204);

    for (const path of ['', '/messages', '/readReceipts', '/participants', `/messages/${hello}`]) {
      const denied = await call(emu.url, threadPath(threadId, path), { token: bob.token });
      expect({ path, status: denied.status, body: denied.body }).toEqual({
        path,
        status: 403,
        body: {
          error: { code: 'Forbidden', message: 'User is not allowed to perform specified action.' },
        },
      });
    }

    // The others see the removal as a system message.
    const [latest] = (await messagesSince(threadId, iso(clock))) as Json[];
    expect(latest).toMatchObject({
      type: 'participantRemoved',
      content: {
        participants: [{ communicationIdentifier: wireUser(bob.userId) }],
        initiatorCommunicationIdentifier: wireUser(ann.userId),
      },
    });

    // Bob's list still holds the thread, exactly as Ann's does: no deletedOn, no other mark.
    const itemFor = async (token: string) =>
      ((await call(emu.url, '/chat/threads', { token })).body.value as Json[]).find(
        (t) => t.id === threadId,
      );
    const bobsItem = await itemFor(bob.token);
    expect(bobsItem).toEqual({
      id: threadId,
      topic: 'Inbox',
      lastMessageReceivedOn: iso(clock),
    });
    expect(bobsItem).toEqual(await itemFor(ann.token));
  });
});
