// ChatRealtimeClient in Node against the emulator over real sockets (Node's own fetch and
// WebSocket, no DOM globals): the ten chat events with the official payloads, each delivery
// answered as the official client answers, and the connection events.
import { describe, expect, it } from 'vitest';
import {
  ChatClient,
  CommunicationTokenCredential,
  type ChatRealtimeClientEvents,
} from '../../../src/core/index.ts';
import { realtimeClientTestbed, socketTap, until } from './support.ts';

const bed = realtimeClientTestbed();

type Seen = { [K in keyof ChatRealtimeClientEvents]?: ChatRealtimeClientEvents[K][] };

/** A started client of `token` that keeps every event it emits, by name, in order. */
async function listen(token: string, options = {}) {
  const live = bed.client(new CommunicationTokenCredential(token), options);
  const seen: Seen = {};
  const order: string[] = [];
  const names: (keyof ChatRealtimeClientEvents)[] = [
    'chatMessageReceived',
    'chatMessageEdited',
    'chatMessageDeleted',
    'typingIndicatorReceived',
    'readReceiptReceived',
    'chatThreadCreated',
    'chatThreadPropertiesUpdated',
    'chatThreadDeleted',
    'participantsAdded',
    'participantsRemoved',
    'realTimeNotificationConnected',
    'realTimeNotificationDisconnected',
    'stateChanged',
  ];
  for (const name of names) {
    live.on(name, (payload: unknown) => {
      order.push(name);
      ((seen[name] ??= []) as unknown[]).push(payload);
    });
  }
  return { live, seen, order };
}

const acs = (id: string) => ({ kind: 'communicationUser', communicationUserId: id });

describe('ChatRealtimeClient in Node, against the emulator', () => {
  it('runs with no DOM globals: Node has no window, document or XMLHttpRequest', () => {
    expect([typeof window, typeof document, typeof XMLHttpRequest]).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  it('emits all ten chat events with the official payloads, and answers each delivery with 200', async () => {
    const [ann, bob, cy] = await Promise.all([bed.emu.user(), bed.emu.user(), bed.emu.user()]);
    const tap = socketTap();
    const { live, seen } = await listen(bob.token, { WebSocket: tap.WebSocket });
    await live.start();
    const chat = new ChatClient(bed.emu.url, new CommunicationTokenCredential(ann.token));

    const { chatThread } = await chat.createChatThread(
      { topic: 'Ten events' },
      {
        participants: [{ id: { communicationUserId: bob.userId }, displayName: 'Bob' }],
        metadata: { team: 'blue' },
      },
    );
    const threadId = chatThread!.id;
    const thread = chat.getChatThreadClient(threadId);
    const created = await until(() => seen.chatThreadCreated?.[0]);
    expect(created).toEqual({
      threadId,
      version: expect.any(String),
      createdOn: expect.any(Date),
      createdBy: { id: acs(ann.userId), displayName: '', metadata: {} },
      participants: expect.arrayContaining([
        { id: acs(ann.userId), displayName: '', metadata: {} },
        { id: acs(bob.userId), displayName: 'Bob', metadata: {} },
      ]),
      properties: { topic: 'Ten events', metadata: { team: 'blue' } },
      retentionPolicy: { kind: 'none' },
    });

    const { id: messageId } = await thread.sendMessage(
      { content: 'hello' },
      { senderDisplayName: 'Ann', metadata: { tag: 'x' } },
    );
    const received = await until(() =>
      seen.chatMessageReceived?.find((event) => event.id === messageId),
    );
    expect(received).toEqual({
      threadId,
      sender: acs(ann.userId),
      senderDisplayName: 'Ann',
      recipient: acs(bob.userId),
      id: messageId,
      createdOn: expect.any(Date),
      version: expect.any(String),
      type: 'Text',
      message: 'hello',
      metadata: { tag: 'x' },
      attachments: [],
    });

    await thread.updateMessage(messageId, { content: 'hello again' });
    const edited = await until(() => seen.chatMessageEdited?.[0]);
    expect(edited).toMatchObject({ id: messageId, message: 'hello again', type: 'Text' });
    expect(edited.editedOn).toBeInstanceOf(Date);

    await thread.sendTypingNotification({ senderDisplayName: 'Ann' });
    const typing = await until(() => seen.typingIndicatorReceived?.[0]);
    expect(typing).toEqual({
      threadId,
      sender: acs(ann.userId),
      senderDisplayName: 'Ann',
      recipient: acs(bob.userId),
      version: expect.any(String),
      receivedOn: expect.any(Date),
    });

    await thread.sendReadReceipt({ chatMessageId: messageId });
    const receipt = await until(() => seen.readReceiptReceived?.[0]);
    expect(receipt).toEqual({
      threadId,
      sender: acs(ann.userId),
      senderDisplayName: '',
      recipient: acs(bob.userId),
      chatMessageId: messageId,
      readOn: expect.any(Date),
    });
    expect(Number.isNaN(receipt.readOn.getTime())).toBe(false);

    await thread.deleteMessage(messageId);
    const deleted = await until(() => seen.chatMessageDeleted?.[0]);
    expect(deleted).toMatchObject({ threadId, id: messageId, sender: acs(ann.userId) });
    expect(deleted.deletedOn).toBeInstanceOf(Date);

    await thread.updateTopic('Renamed');
    const updated = await until(() => seen.chatThreadPropertiesUpdated?.[0]);
    expect(updated).toEqual({
      threadId,
      version: expect.any(String),
      updatedOn: expect.any(Date),
      updatedBy: { id: acs(ann.userId), displayName: '', metadata: {} },
      properties: { topic: 'Renamed', metadata: { team: 'blue' } },
      retentionPolicy: { kind: 'none' },
    });

    await thread.addParticipants({
      participants: [{ id: { communicationUserId: cy.userId }, displayName: 'Cy' }],
    });
    const added = await until(() => seen.participantsAdded?.[0]);
    expect(added).toMatchObject({
      threadId,
      addedBy: { id: acs(ann.userId) },
      participantsAdded: [{ id: acs(cy.userId), displayName: 'Cy', metadata: {} }],
    });
    expect(added.addedOn).toBeInstanceOf(Date);

    await thread.removeParticipant({ communicationUserId: cy.userId });
    const removed = await until(() => seen.participantsRemoved?.[0]);
    expect(removed).toMatchObject({
      threadId,
      removedBy: { id: acs(ann.userId) },
      participantsRemoved: [{ id: acs(cy.userId) }],
    });

    await chat.deleteChatThread(threadId);
    const gone = await until(() => seen.chatThreadDeleted?.[0]);
    expect(gone).toEqual({
      threadId,
      version: expect.any(String),
      deletedOn: expect.any(Date),
      deletedBy: { id: acs(ann.userId), displayName: '', metadata: {} },
      reason: 'deletedByUser',
    });

    // Every delivery got its answer, as the official client gives it: status 200, the request's
    // MS-CV with `.0`, the latency header, an empty body, then a ping.
    const [socket] = tap.sockets;
    const deliveries = socket!.received.filter((frame) => frame.startsWith('3:::'));
    const answers = socket!.sent.filter((frame) => frame.startsWith('3:::'));
    expect(deliveries.length).toBeGreaterThanOrEqual(10);
    await until(
      () => socket!.sent.filter((frame) => frame.startsWith('3:::')).length === deliveries.length,
    );
    deliveries.forEach((frame, index) => {
      const request = JSON.parse(frame.slice(4)) as { id: number; headers: Record<string, string> };
      expect(JSON.parse(answers[index]!.slice(4))).toEqual({
        id: request.id,
        status: 200,
        headers: {
          'MS-CV': `${request.headers['MS-CV']}.0`,
          'trouter-client': expect.stringMatching(/^\{"cd":\d+\}$/),
        },
        body: '',
      });
    });
    expect(socket!.sent.some((frame) => /^5:\d+\+::\{"name":"ping"\}$/.test(frame))).toBe(true);
    chat.close();
  });

  it('reports connecting, connected and, on stop(), stopped with realTimeNotificationDisconnected', async () => {
    const ann = await bed.emu.user();
    const { live, seen, order } = await listen(ann.token);
    expect(live.state).toBe('stopped');
    const started = live.start();
    expect(live.state).toBe('connecting');
    await started;
    expect(live.state).toBe('connected');
    expect(order).toEqual(['stateChanged', 'realTimeNotificationConnected', 'stateChanged']);
    expect(seen.stateChanged).toEqual([{ state: 'connecting' }, { state: 'connected' }]);
    await live.stop();
    expect(live.state).toBe('stopped');
    expect(order.slice(3)).toEqual(['realTimeNotificationDisconnected', 'stateChanged']);
    expect(seen.stateChanged![2]).toEqual({ state: 'stopped' });
    // Once stopped, nothing more: a message to her thread is not delivered.
    const chat = new ChatClient(bed.emu.url, new CommunicationTokenCredential(ann.token));
    const { chatThread } = await chat.createChatThread({ topic: 'After stop' });
    await chat.getChatThreadClient(chatThread!.id).sendMessage({ content: 'unheard' });
    expect(bed.emu.emulator.realtime.connectionCount(ann.userId)).toBe(0);
    expect(seen.chatMessageReceived).toBeUndefined();
    chat.close();
  });

  it('answers 404 (Trouter-Responder: ClientLib) to a delivery it cannot read, and emits nothing', async () => {
    const ann = await bed.emu.user();
    const tap = socketTap();
    const { live, order } = await listen(ann.token, { WebSocket: tap.WebSocket });
    await live.start();
    const socket = tap.sockets[0]!;
    const before = order.length;
    for (const [id, body] of [
      [901, JSON.stringify({ eventId: 999 })],
      [902, JSON.stringify({ eventId: 200, groupId: 't', messageId: 'm' })], // no senderId
      [903, 'not json'],
      [904, JSON.stringify({ eventId: '200', senderId: 'x', recipientMri: 'y', groupId: 't' })],
    ] as const) {
      socket.serverSends(
        `3:::${JSON.stringify({ id, method: 'POST', url: '/x', headers: { 'MS-CV': 'cv' }, body })}`,
      );
      const answer = socket.sent.filter((frame) => frame.startsWith('3:::')).at(-1)!;
      expect(JSON.parse(answer.slice(4))).toEqual({
        id,
        status: 404,
        headers: {
          'Trouter-Responder': 'ClientLib',
          'MS-CV': 'cv.0',
          'trouter-client': expect.any(String),
        },
        body: '',
      });
    }
    expect(order.length).toBe(before);
  });
});
