// Our ChatRealtimeClient in Chromium, against the emulator on another (https) origin: it connects
// with the page's own fetch and WebSocket, emits the ten chat events with the payloads the
// official ChatClient emits for the same actions in the same run, loses and doubles nothing
// across a dropped socket, and unregisters on stop().
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatClient,
  ChatRealtimeClient,
  CommunicationTokenCredential,
  type AccessToken,
  type ChatRealtimeClientOptions,
  type ChatRealtimeState,
  type TokenCredentialLike,
} from '../../src/core/index.ts';
import { createUser, emulatorUrl, type BrowserUser } from '../browser/support.ts';
import { gate } from '../support/holding-fetch.ts';
import {
  connectionCount,
  drop,
  eventNames,
  loggedFrames,
  requestsOf,
  startRecording,
  startRecordingOurs,
  until,
  type Payload,
  type Recording,
} from './support.ts';

const ours: ChatRealtimeClient[] = [];
const officials: OfficialChatClient[] = [];
const chats: ChatClient[] = [];
afterEach(async () => {
  await Promise.all(ours.splice(0).map((client) => client.stop()));
  for (const client of officials.splice(0)) await client.stopRealtimeNotifications();
  for (const chat of chats.splice(0)) chat.close();
});

function live(
  user: BrowserUser,
  credential: TokenCredentialLike | string = user.token,
  options?: ChatRealtimeClientOptions,
) {
  const client = new ChatRealtimeClient(emulatorUrl, credential, options);
  ours.push(client);
  return client;
}

async function official(user: BrowserUser): Promise<Recording> {
  const client = new OfficialChatClient(
    emulatorUrl,
    new AzureCommunicationTokenCredential(user.token),
  );
  officials.push(client);
  const events = await startRecording(client);
  await events.next('realTimeNotificationConnected');
  return events;
}

function chatOf(user: BrowserUser): ChatClient {
  const chat = new ChatClient(emulatorUrl, new CommunicationTokenCredential(user.token));
  chats.push(chat);
  return chat;
}

const communicationUser = (user: BrowserUser) => ({ communicationUserId: user.userId });

describe('ChatRealtimeClient in Chromium', () => {
  it('connects with the page’s fetch and WebSocket, also when passed unbound in its options', async () => {
    expect(emulatorUrl).toMatch(/^https:/);
    expect(location.origin).not.toBe(new URL(emulatorUrl).origin);
    const [ann, bob] = await Promise.all([createUser(), createUser()]);
    const byDefault = live(ann);
    const passed = live(bob, bob.token, { fetch: window.fetch, WebSocket: window.WebSocket });
    for (const client of [byDefault, passed]) {
      void client.start();
      // Connected, or retrying with the reason it could not connect.
      await until(() => client.state === 'connected' || client.error);
      expect(client.error?.message).toBeUndefined();
      expect(client.state).toBe('connected');
    }
  });

  it('emits all ten chat events with the payloads the official client emits for the same actions', async () => {
    const [ann, bob, cat] = await Promise.all([createUser(), createUser(), createUser()]);
    // Ann listens twice, with ours and the official client: each socket gets each notification.
    const [theirs, mine] = await Promise.all([
      official(ann),
      startRecordingOurs(live(ann)).then(async (events) => {
        await events.next('realTimeNotificationConnected');
        return events;
      }),
    ]);
    const bobClient = chatOf(bob);
    const { chatThread } = await bobClient.createChatThread(
      { topic: 'Both %41 listen' },
      {
        participants: [{ id: communicationUser(ann), displayName: 'Ann' }],
        metadata: { room: 'blue' },
        retentionPolicy: { kind: 'threadCreationDate', deleteThreadAfterDays: 30 },
      },
    );
    const threadId = chatThread!.id;
    const bobThread = bobClient.getChatThreadClient(threadId);
    const { id: messageId } = await bobThread.sendMessage(
      { content: 'Hello Ann' },
      { senderDisplayName: 'Bob', metadata: { kind: 'greeting' } },
    );
    await bobThread.updateMessage(messageId, { content: 'Hello again' });
    await bobThread.deleteMessage(messageId);
    await bobThread.sendTypingNotification({ senderDisplayName: 'Bob' });
    await bobThread.sendReadReceipt({ chatMessageId: messageId });
    await bobThread.updateProperties({ topic: 'Renamed', metadata: { room: 'red' } });
    await bobThread.addParticipants({
      participants: [{ id: communicationUser(cat), displayName: 'Cat' }],
    });
    await bobThread.removeParticipant(communicationUser(cat));
    await bobClient.deleteChatThread(threadId);

    const chatEvents = eventNames.filter((name) => !name.startsWith('realTimeNotification'));
    expect(chatEvents).toHaveLength(10);
    const ofThread = (p: Payload) => p.threadId === threadId;
    for (const name of chatEvents) {
      const [expected, actual] = await Promise.all([
        theirs.next(name, ofThread),
        mine.next(name, ofThread),
      ]);
      expect({ name, payload: actual }).toEqual({ name, payload: expected });
    }
    // Each once, in the same order, and nothing else of the thread.
    const names = (events: Recording) =>
      events.seen.filter((e) => ofThread(e.payload)).map((e) => e.name);
    expect(names(mine)).toEqual(names(theirs));
    expect(names(mine)).toHaveLength(10);
    expect(mine.seen.filter((e) => e.name === 'realTimeNotificationConnected')).toHaveLength(1);
  });

  it('reconnects after its socket is dropped, losing and doubling nothing of 10 messages sent while it was down', async () => {
    const [ann, bob] = await Promise.all([createUser(), createUser()]);
    const bobClient = chatOf(bob);
    const { chatThread } = await bobClient.createChatThread(
      { topic: 'Dropped' },
      { participants: [{ id: communicationUser(ann) }] },
    );
    const threadId = chatThread!.id;
    const bobThread = bobClient.getChatThreadClient(threadId);
    // Ann's client asks for a token to reconnect: held, the socket stays down while Bob sends.
    const held = gate();
    let holding = false;
    let waiting = 0;
    const credential: TokenCredentialLike = {
      async getToken(): Promise<AccessToken> {
        if (holding) {
          waiting++;
          await held.opened;
        }
        return { token: ann.token, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
      dispose() {},
    };
    const client = live(ann, credential);
    const states: ChatRealtimeState[] = [];
    client.on('stateChanged', ({ state }) => states.push(state));
    // What an app does: merge events by id, and after a reconnect list what came meanwhile.
    const heard = new Map<string, number>();
    const have = new Set<string>();
    client.on('chatMessageReceived', (event) => {
      if (event.threadId !== threadId) return;
      heard.set(event.id, (heard.get(event.id) ?? 0) + 1);
      have.add(event.id);
    });
    let resynced = false;
    client.on('realTimeNotificationConnected', () => {
      if (!states.includes('disconnected')) return;
      void (async () => {
        for await (const message of chatOf(ann).getChatThreadClient(threadId).listMessages()) {
          if (message.type === 'text') have.add(message.id);
        }
        resynced = true;
      })();
    });
    await client.start();
    const { id: before } = await bobThread.sendMessage({ content: 'Before' });
    await until(() => heard.has(before));

    holding = true;
    await drop(ann.userId);
    await until(() => waiting > 0);
    expect(client.state).toBe('disconnected');
    const meanwhile: string[] = [];
    for (let n = 1; n <= 10; n++) {
      meanwhile.push((await bobThread.sendMessage({ content: `Meanwhile ${n}` })).id);
    }
    expect(await connectionCount(ann.userId)).toBe(0);

    holding = false;
    held.open();
    await until(() => resynced);
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connected']);
    expect([...have].sort()).toEqual([before, ...meanwhile].sort());
    const { id: after } = await bobThread.sendMessage({ content: 'After' });
    await until(() => heard.has(after));
    // Every event came once: the one before the drop was not delivered again by the new socket.
    expect([...heard.entries()]).toEqual([
      [before, 1],
      [after, 1],
    ]);
    expect(await connectionCount(ann.userId)).toBe(1);
  });

  it('stop() deletes its registration and closes its socket: nothing arrives after it', async () => {
    const [ann, bob, cat] = await Promise.all([createUser(), createUser(), createUser()]);
    const bobClient = chatOf(bob);
    const { chatThread } = await bobClient.createChatThread(
      { topic: 'Stopping' },
      { participants: [communicationUser(ann), communicationUser(cat)].map((id) => ({ id })) },
    );
    const bobThread = bobClient.getChatThreadClient(chatThread!.id);
    const catEvents = await official(cat);
    const client = live(ann);
    const events = await startRecordingOurs(client);
    const registrations = async () =>
      (await requestsOf(ann.userId)).filter((r) => r.url.includes('/registrar/'));
    await until(async () => (await registrations()).length === 1);

    await client.stop();
    expect(client.state).toBe('stopped');
    const [register, unregister] = await registrations();
    const { registrationId } = JSON.parse(register!.body) as { registrationId: string };
    expect(unregister).toMatchObject({ method: 'DELETE', refused: false });
    expect(new URL(unregister!.url).pathname).toBe(`/registrar/v3/registrations/${registrationId}`);
    expect(await connectionCount(ann.userId)).toBe(0);
    const frames = await loggedFrames(ann.userId);
    expect(frames.slice(-2).map((f) => `${f.direction} ${f.kind}`)).toEqual([
      'in disconnect',
      'in close',
    ]);

    // Cat's socket is sent each notification in the same turn as Ann's would be.
    const { id } = await bobThread.sendMessage({ content: 'After stop' });
    await catEvents.next('chatMessageReceived', (p) => p.id === id);
    expect(events.seen.map((e) => e.name)).toEqual([
      'realTimeNotificationConnected',
      'realTimeNotificationDisconnected',
    ]);
  });
});
