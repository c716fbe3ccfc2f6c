// Typing notifications: at most one per thread every 8 s, however many ChatThreadClients an app
// makes for the thread (React components make one each), and a sent message starts afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, CommunicationTokenCredential, isChatError } from '../../src/core/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';

let emu: TestEmulator;
let ann: { userId: string; token: string };
let bob: { userId: string; token: string };

beforeAll(async () => {
  emu = await startEmulator();
  ann = await emu.user();
  bob = await emu.user();
});
afterAll(() => emu.close());

const clientFor = (user: { token: string }) =>
  new ChatClient(emu.url, new CommunicationTokenCredential(user.token), {
    retryOptions: { maxRetries: 0 },
  });

async function newThread(client: ChatClient): Promise<string> {
  const { chatThread } = await client.createChatThread(
    { topic: 'typing' },
    { participants: [{ id: { communicationUserId: bob.userId } }] },
  );
  return chatThread!.id;
}

const typingRequests = () =>
  emu.emulator.requests.filter((r) => r.method === 'POST' && r.url.includes('/typing')).length;

describe('typing notifications', () => {
  it('throttles per thread across every ChatThreadClient of one ChatClient', async () => {
    const client = clientFor(ann);
    const threadId = await newThread(client);
    emu.emulator.clearRequests();
    expect(await client.getChatThreadClient(threadId).sendTypingNotification()).toBe(true);
    expect(await client.getChatThreadClient(threadId).sendTypingNotification()).toBe(false);
    expect(typingRequests()).toBe(1);
  });

  it('sends again at once after a message, whichever thread client sent it', async () => {
    const client = clientFor(ann);
    const threadId = await newThread(client);
    const composer = client.getChatThreadClient(threadId);
    expect(await composer.sendTypingNotification()).toBe(true);
    expect(await composer.sendTypingNotification()).toBe(false);
    await client.getChatThreadClient(threadId).sendMessage({ content: 'sent' });
    expect(await composer.sendTypingNotification()).toBe(true);
  });

  it('keeps threads and users apart', async () => {
    const annClient = clientFor(ann);
    const first = await newThread(annClient);
    const second = await newThread(annClient);
    expect(await annClient.getChatThreadClient(first).sendTypingNotification()).toBe(true);
    expect(await annClient.getChatThreadClient(second).sendTypingNotification()).toBe(true);
    expect(await clientFor(bob).getChatThreadClient(first).sendTypingNotification()).toBe(true);
  });

  it('gives the slot back when a notification fails', async () => {
    const client = clientFor(ann);
    const threadId = await newThread(client);
    emu.emulator.faults.add({
      method: 'POST',
      path: '/chat/threads/*/typing',
      status: 500,
      times: 1,
    });
    const error = await client
      .getChatThreadClient(threadId)
      .sendTypingNotification()
      .catch((e: unknown) => e);
    expect(isChatError(error) && error.statusCode).toBe(500);
    expect(await client.getChatThreadClient(threadId).sendTypingNotification()).toBe(true);
  });
});
