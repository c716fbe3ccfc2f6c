import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ChatClient,
  ChatError,
  type ChatClientErrorCode,
  type ChatErrorCode,
  CommunicationTokenCredential,
  isChatError,
  type ChatThreadItem,
} from '../../src/core/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';

let emu: TestEmulator;
let ann: { userId: string; token: string };
let bob: { userId: string; token: string };
const fast = { retryOptions: { retryDelayInMs: 5, maxRetryDelayInMs: 20 } };

beforeAll(async () => {
  emu = await startEmulator();
  ann = await emu.user();
  bob = await emu.user();
});
afterAll(() => emu.close());

function clientFor(user: { token: string }) {
  return new ChatClient(emu.url, new CommunicationTokenCredential(user.token), fast);
}

describe('ChatClient', () => {
  it('creates a thread with participants and reports the invalid ones', async () => {
    const client = clientFor(ann);
    const result = await client.createChatThread(
      { topic: 'Lunch' },
      {
        participants: [
          { id: { communicationUserId: bob.userId }, displayName: 'Bob' },
          { id: { communicationUserId: '8:acs:00000000-0000-0000-0000-000000000000_nobody' } },
        ],
        metadata: { team: 'blue' },
      },
    );
    expect(result.chatThread).toMatchObject({ topic: 'Lunch', metadata: { team: 'blue' } });
    expect(result.chatThread?.id).toMatch(/^19:.+@thread\.v2$/);
    expect(result.chatThread?.createdOn).toBeInstanceOf(Date);
    expect(result.chatThread?.createdBy).toEqual({
      kind: 'communicationUser',
      communicationUserId: ann.userId,
    });
    expect(result.invalidParticipants?.map((p) => p.target)).toEqual([
      '8:acs:00000000-0000-0000-0000-000000000000_nobody',
    ]);
    // Bob was added: he sees the thread.
    const properties = await clientFor(bob)
      .getChatThreadClient(result.chatThread!.id)
      .getProperties();
    expect(properties.topic).toBe('Lunch');
  });

  it('sends one idempotency token per call and reuses a given one', async () => {
    const client = clientFor(ann);
    emu.emulator.clearRequests();
    const a = await client.createChatThread({ topic: 'A' });
    const b = await client.createChatThread({ topic: 'A' });
    expect(a.chatThread?.id).not.toBe(b.chatThread?.id);
    const tokens = emu.emulator.requests
      .filter((r) => r.method === 'POST')
      .map((r) => r.headers['repeatability-request-id']);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[0]).not.toBe(tokens[1]);

    const token = crypto.randomUUID();
    const first = await client.createChatThread({ topic: 'Once' }, { idempotencyToken: token });
    const again = await client.createChatThread({ topic: 'Once' }, { idempotencyToken: token });
    expect(again.chatThread?.id).toBe(first.chatThread?.id);
  });

  it('pages through threads following nextLink, and iterates items across pages', async () => {
    const carol = await emu.user();
    const client = clientFor(carol);
    const created: string[] = [];
    for (let i = 0; i < 7; i++)
      created.push((await client.createChatThread({ topic: `T${i}` })).chatThread!.id);

    emu.emulator.clearRequests();
    const pages: ChatThreadItem[][] = [];
    for await (const page of client.listChatThreads({ maxPageSize: 3 }).byPage()) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(emu.emulator.requests).toHaveLength(3);
    // Newest activity first; every thread exactly once.
    expect(pages.flat().map((t) => t.id)).toEqual([...created].reverse());

    const items: string[] = [];
    for await (const thread of client.listChatThreads({ maxPageSize: 2 })) items.push(thread.id);
    expect(items).toEqual([...created].reverse());
  });

  it('resumes from a continuation token and follows nextLink as given', async () => {
    const dave = await emu.user();
    const client = clientFor(dave);
    for (let i = 0; i < 4; i++) await client.createChatThread({ topic: `D${i}` });
    const first = (await client.listChatThreads({ maxPageSize: 2 }).byPage().next()).value!;
    expect(first.continuationToken).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    emu.emulator.clearRequests();
    const second = (
      await client.listChatThreads().byPage({ continuationToken: first.continuationToken }).next()
    ).value!;
    expect(second).toHaveLength(2);
    expect(emu.emulator.requests[0]?.url).toBe(first.continuationToken);
  });

  it('fetches one page at a time with page(): one request each, the same token as byPage()', async () => {
    const fay = await emu.user();
    const client = clientFor(fay);
    for (let i = 0; i < 3; i++) await client.createChatThread({ topic: `F${i}` });
    emu.emulator.clearRequests();
    const list = client.listChatThreads({ maxPageSize: 2 });
    const first = await list.page();
    expect(first.items.map((t) => t.topic)).toEqual(['F2', 'F1']);
    expect(first.continuationToken).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(emu.emulator.requests).toHaveLength(1);
    const last = await list.page(first.continuationToken);
    expect(last).toEqual({ items: [expect.objectContaining({ topic: 'F0' })] });
    expect(emu.emulator.requests).toHaveLength(2);
    expect(emu.emulator.requests[1]?.url).toBe(first.continuationToken);
    // A token that is not a string is refused before any request.
    await expect(list.page(42 as unknown as string)).rejects.toMatchObject({
      name: 'ChatValidationError',
      argument: 'continuationToken',
    });
    expect(emu.emulator.requests).toHaveLength(2);
  });

  it('filters by startTime', async () => {
    const erin = await emu.user();
    const client = clientFor(erin);
    await client.createChatThread({ topic: 'old' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await client.createChatThread({ topic: 'new' });
    const topics: string[] = [];
    for await (const thread of client.listChatThreads({ startTime: since }))
      topics.push(thread.topic);
    expect(topics).toEqual(['new']);
  });

  it('deletes a thread', async () => {
    const client = clientFor(ann);
    const { chatThread } = await client.createChatThread({ topic: 'Doomed' });
    await client.deleteChatThread(chatThread!.id);
    const error = await client
      .getChatThreadClient(chatThread!.id)
      .getProperties()
      .catch((e: unknown) => e);
    expect(isChatError(error)).toBe(true);
    expect(isChatError(error) && error.statusCode).toBe(404);
  });

  it('gives a thread client bound to the thread', async () => {
    const client = clientFor(ann);
    const { chatThread } = await client.createChatThread({ topic: 'Bound' });
    const threadClient = client.getChatThreadClient(chatThread!.id);
    expect(threadClient.threadId).toBe(chatThread!.id);
    const properties = await threadClient.getProperties();
    expect(properties).toMatchObject({ id: chatThread!.id, topic: 'Bound' });
  });

  it('surfaces the service error as a ChatError with status, code and request id', async () => {
    const { chatThread } = await clientFor(ann).createChatThread({ topic: 'Private' });
    // The correlation vector of each response Bob's client received, as the service sent it.
    const correlations: Array<string | null> = [];
    const bobs = new ChatClient(emu.url, new CommunicationTokenCredential(bob.token), {
      ...fast,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        correlations.push(response.headers.get('ms-cv'));
        return response;
      },
    });
    const error = await bobs
      .getChatThreadClient(chatThread!.id)
      .getProperties()
      .catch((e: unknown) => e);
    bobs.close();
    expect(isChatError(error)).toBe(true);
    if (!isChatError(error)) return;
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('Forbidden');
    expect(correlations).toHaveLength(1);
    expect(correlations[0]).toMatch(/^[\w-]+\.0$/);
    expect(error.requestId).toBe(correlations[0]);
    expect(error.message).toMatch(/getProperties failed with 403 Forbidden/);
  });

  it('close() aborts requests in flight and refuses new ones', async () => {
    const client = clientFor(ann);
    emu.emulator.faults.add({ latencyMs: 2000, times: 1 });
    const pending = client.createChatThread({ topic: 'slow' }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.close();
    const error = await pending;
    expect(isChatError(error) && error.code).toBe('ClientClosed');
    const after = await client.createChatThread({ topic: 'late' }).catch((e: unknown) => e);
    expect(isChatError(after) && after.code).toBe('ClientClosed');
    expect(() => client.getChatThreadClient('19:x@thread.v2')).toThrow(/closed/);
    emu.emulator.faults.clear();
  });

  it('accepts the official AzureCommunicationTokenCredential', async () => {
    const { AzureCommunicationTokenCredential } = await import('@azure/communication-common');
    const client = new ChatClient(emu.url, new AzureCommunicationTokenCredential(ann.token), fast);
    const { chatThread } = await client.createChatThread({ topic: 'Official credential' });
    expect(chatThread?.topic).toBe('Official credential');
  });
});

describe('ChatErrorCode', () => {
  it("lists the codes the client produces, and stays open for the service's own", () => {
    expectTypeOf<ChatError['code']>().toEqualTypeOf<ChatErrorCode>();
    expectTypeOf<
      'Timeout' | 'ResponseTooLarge' | 'UnexpectedRedirect'
    >().toExtend<ChatClientErrorCode>();
    expectTypeOf<'InvalidThreadId'>().toExtend<ChatErrorCode>();
    const error = new ChatError('x', { code: 'Timeout' });
    expect(error.code).toBe('Timeout');
  });
});
