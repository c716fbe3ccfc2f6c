import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator, skipRequestValidation } from '../support/emulator.ts';
import { acs, call, threadPath, type Json } from './helpers.ts';

let clock = Date.parse('2025-05-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
let emu: TestEmulator;
let ann: { userId: string; token: string };

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock });
  ann = await emu.user();
});
afterAll(() => emu.close());

async function newThread(participants: Json[] = []) {
  clock += 60_000;
  const res = await call(emu.url, '/chat/threads', {
    token: ann.token,
    body: { topic: 'Team', participants },
  });
  return res.body.chatThread.id as string;
}

const add = (threadId: string, token: string, participants: Json[]) =>
  call(emu.url, threadPath(threadId, '/participants/:add'), { token, body: { participants } });

describe('participants', () => {
  it('lists participants with maxPageSize, skip and a nextLink', async () => {
    const users = await Promise.all([emu.user(), emu.user(), emu.user(), emu.user()]);
    const threadId = await newThread(
      users.map((u, i) => ({ communicationIdentifier: acs(u.userId), displayName: `U${i}` })),
    );
    const ids: string[] = [];
    let res = await call(emu.url, threadPath(threadId, '/participants'), {
      token: ann.token,
      query: { maxPageSize: 2 },
    });
    expect(new URL(res.body.nextLink).searchParams.get('skip')).toBe('2');
    for (;;) {
      expect(res.status).toBe(200);
      ids.push(...res.body.value.map((p: Json) => p.communicationIdentifier.rawId));
      if (!res.body.nextLink) break;
      res = await call(emu.url, res.body.nextLink, { token: ann.token });
    }
    expect(ids).toEqual([ann.userId, ...users.map((u) => u.userId)]);
    const skipped = await call(emu.url, threadPath(threadId, '/participants'), {
      token: ann.token,
      query: { skip: 4 },
    });
    expect(skipped.body.value).toEqual([
      {
        communicationIdentifier: {
          rawId: users[3]!.userId,
          kind: 'communicationUser',
          communicationUser: { id: users[3]!.userId },
        },
        displayName: 'U3',
        shareHistoryTime: '1970-01-01T00:00:00Z',
      },
    ]);
    const bad = await call(emu.url, threadPath(threadId, '/participants'), {
      token: ann.token,
      query: { skip: -1 },
    });
    expect(bad.status).toBe(400);
  });

  it('adds: 201 {}, no change for existing participants, invalid ones reported', async () => {
    skipRequestValidation('an add without participants, on purpose');
    const bob = await emu.user();
    const threadId = await newThread();
    const first = await add(threadId, ann.token, [
      { communicationIdentifier: acs(bob.userId), displayName: 'Bob', metadata: { role: 'dev' } },
    ]);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({});
    const messages = async () =>
      (await call(emu.url, threadPath(threadId, '/messages'), { token: ann.token })).body.value;
    const count = (await messages()).length;
    const again = await add(threadId, bob.token, [
      { communicationIdentifier: acs(bob.userId) },
      { communicationIdentifier: acs('8:acs:not-a-user') },
    ]);
    expect(again.status).toBe(201);
    expect(again.body.invalidParticipants).toEqual([
      { code: 'BadRequest', message: expect.any(String), target: '8:acs:not-a-user' },
    ]);
    expect(await messages()).toHaveLength(count); // nothing was added
    const listed = await call(emu.url, threadPath(threadId, '/participants'), { token: bob.token });
    expect(listed.body.value[1]).toMatchObject({ displayName: 'Bob', metadata: { role: 'dev' } });
    const missing = await call(emu.url, threadPath(threadId, '/participants/:add'), {
      token: ann.token,
      body: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.target).toBe('participants');
  });

  it('shares history from shareHistoryTime on', async () => {
    const carol = await emu.user();
    const threadId = await newThread();
    const send = async (content: string) => {
      clock += 1000;
      return (
        await call(emu.url, threadPath(threadId, '/messages'), {
          token: ann.token,
          body: { content },
        })
      ).body.id;
    };
    const hidden = await send('before');
    clock += 1000;
    const shareFrom = clock;
    const shown = await send('after');
    clock += 1000;
    const res = await add(threadId, ann.token, [
      {
        communicationIdentifier: acs(carol.userId),
        shareHistoryTime: new Date(shareFrom).toISOString(),
      },
    ]);
    expect(res.status).toBe(201);
    const seen = await call(emu.url, threadPath(threadId, '/messages'), { token: carol.token });
    expect(seen.body.value.map((m: Json) => m.content.message ?? m.type)).toEqual([
      'participantAdded',
      'after',
    ]);
    expect(
      (await call(emu.url, threadPath(threadId, `/messages/${shown}`), { token: carol.token }))
        .status,
    ).toBe(200);
    expect(
      (await call(emu.url, threadPath(threadId, `/messages/${hidden}`), { token: carol.token }))
        .status,
    ).toBe(404);
    // A read receipt for the hidden message gets the very answer a missing id gets, and is not kept:
    // receipts must not reveal that hidden messages exist.
    const receipt = (chatMessageId: string) =>
      call(emu.url, threadPath(threadId, '/readReceipts'), {
        token: carol.token,
        body: { chatMessageId },
      });
    const missing = await receipt(String(Number(hidden) + 1));
    const hiddenReceipt = await receipt(hidden);
    expect(missing.status).toBe(404);
    expect({ status: hiddenReceipt.status, body: hiddenReceipt.body }).toEqual({
      status: missing.status,
      body: missing.body,
    });
    const receipts = await call(emu.url, threadPath(threadId, '/readReceipts'), {
      token: ann.token,
    });
    expect(receipts.body.value).toEqual([]);
    // Ann sees everything.
    const all = await call(emu.url, threadPath(threadId, '/messages'), { token: ann.token });
    expect(all.body.value).toHaveLength(5);
    const carolListed = await call(emu.url, threadPath(threadId, '/participants'), {
      token: ann.token,
    });
    expect(carolListed.body.value[1].shareHistoryTime).toBe(iso(shareFrom));
  });

  it('removes: 204; the removed participant gets 403 but keeps the thread in their list', async () => {
    skipRequestValidation('a remove body without an identifier, on purpose');
    const bob = await emu.user();
    const threadId = await newThread([{ communicationIdentifier: acs(bob.userId) }]);
    const remove = (token: string, body: Json) =>
      call(emu.url, threadPath(threadId, '/participants/:remove'), { token, body });
    const res = await remove(ann.token, {
      rawId: bob.userId,
      kind: 'communicationUser',
      communicationUser: { id: bob.userId },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    for (const path of ['', '/messages', '/participants', '/readReceipts']) {
      const denied = await call(emu.url, threadPath(threadId, path), { token: bob.token });
      expect(denied.status).toBe(403);
    }
    const send = await call(emu.url, threadPath(threadId, '/messages'), {
      token: bob.token,
      body: { content: 'still here?' },
    });
    expect(send.status).toBe(403);
    // As the service: former participants still see the thread when they list theirs.
    const threads = await call(emu.url, '/chat/threads', { token: bob.token });
    expect(threads.body.value.map((t: Json) => t.id)).toContain(threadId);
    // Removing again (or anyone absent) changes nothing.
    expect((await remove(ann.token, acs(bob.userId))).status).toBe(204);
    expect((await remove(ann.token, { nothing: true })).status).toBe(400);
    // Re-adding restores access.
    await add(threadId, ann.token, [{ communicationIdentifier: acs(bob.userId) }]);
    expect((await call(emu.url, threadPath(threadId), { token: bob.token })).status).toBe(200);
    const again = await call(emu.url, '/chat/threads', { token: bob.token });
    expect(again.body.value.filter((t: Json) => t.id === threadId)).toHaveLength(1);
  });

  it('lets a participant leave by removing themselves', async () => {
    const bob = await emu.user();
    const threadId = await newThread([{ communicationIdentifier: acs(bob.userId) }]);
    const res = await call(emu.url, threadPath(threadId, '/participants/:remove'), {
      token: bob.token,
      body: acs(bob.userId),
    });
    expect(res.status).toBe(204);
    expect((await call(emu.url, threadPath(threadId), { token: bob.token })).status).toBe(403);
  });
});

describe('read receipts and typing', () => {
  it('keeps the latest receipt per reader, lists them paged, validates the message id', async () => {
    skipRequestValidation('a message id that is not a string, on purpose');
    const bob = await emu.user();
    const carol = await emu.user();
    const threadId = await newThread([
      { communicationIdentifier: acs(bob.userId) },
      { communicationIdentifier: acs(carol.userId) },
    ]);
    const send = async () => {
      clock += 1000;
      return (
        await call(emu.url, threadPath(threadId, '/messages'), {
          token: ann.token,
          body: { content: 'x' },
        })
      ).body.id as string;
    };
    const first = await send();
    const second = await send();
    const receipt = (token: string, chatMessageId: unknown) =>
      call(emu.url, threadPath(threadId, '/readReceipts'), { token, body: { chatMessageId } });
    const sent = await receipt(bob.token, first);
    expect(sent.status).toBe(200);
    expect(sent.text).toBe('');
    clock += 1000;
    await receipt(bob.token, second);
    await receipt(carol.token, first);
    const page = await call(emu.url, threadPath(threadId, '/readReceipts'), {
      token: ann.token,
      query: { maxPageSize: 1 },
    });
    expect(page.body.value).toEqual([
      {
        senderCommunicationIdentifier: {
          rawId: bob.userId,
          kind: 'communicationUser',
          communicationUser: { id: bob.userId },
        },
        chatMessageId: second,
        readOn: iso(clock),
      },
    ]);
    const next = await call(emu.url, page.body.nextLink, { token: ann.token });
    expect(next.body.value.map((r: Json) => r.chatMessageId)).toEqual([first]);
    expect(next.body.nextLink).toBeUndefined();
    expect((await receipt(bob.token, '42')).status).toBe(404);
    expect((await receipt(bob.token, 42)).status).toBe(400);
    const outsider = await emu.user();
    expect((await receipt(outsider.token, first)).status).toBe(403);
  });

  it('accepts typing notifications with or without a body', async () => {
    const threadId = await newThread();
    const withBody = await call(emu.url, threadPath(threadId, '/typing'), {
      token: ann.token,
      body: { senderDisplayName: 'Ann' },
    });
    expect(withBody.status).toBe(200);
    const without = await call(emu.url, threadPath(threadId, '/typing'), {
      method: 'POST',
      token: ann.token,
    });
    expect(without.status).toBe(200);
    const outsider = await emu.user();
    const denied = await call(emu.url, threadPath(threadId, '/typing'), {
      method: 'POST',
      token: outsider.token,
    });
    expect(denied.status).toBe(403);
    expect(emu.emulator.getThread(threadId)?.typing?.get(ann.userId)).toBe(clock);
  });
});
