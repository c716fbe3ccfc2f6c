// The official @azure/communication-chat SDK, unchanged (its browser build), receives the
// emulator's real-time notifications in Chromium through startRealtimeNotifications() and on():
// the ten chat events with the shapes its typings declare, the connection events, and a reconnect
// after the emulator drops the socket. The emulator is on another (https) origin than the page.
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { ChatClient } from '@azure/communication-chat';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser, emulatorUrl, type BrowserUser } from '../browser/support.ts';
import { drop, startRecording, type Payload } from './support.ts';

const clients: ChatClient[] = [];
function clientFor(user: BrowserUser): ChatClient {
  const client = new ChatClient(emulatorUrl, new AzureCommunicationTokenCredential(user.token));
  clients.push(client);
  return client;
}
afterEach(async () => {
  for (const client of clients.splice(0)) await client.stopRealtimeNotifications();
});

const communicationUser = (user: BrowserUser) => ({ communicationUserId: user.userId });
const isDate = (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime());

/** Ann, connected and recording, in a thread Bob creates with her. */
async function annListensInThreadOfBob(topic: string) {
  const [ann, bob] = await Promise.all([createUser(), createUser()]);
  const bobClient = clientFor(bob);
  const events = await startRecording(clientFor(ann));
  await events.next('realTimeNotificationConnected');
  const { chatThread } = await bobClient.createChatThread(
    { topic },
    { participants: [{ id: communicationUser(ann) }] },
  );
  return {
    ann,
    bobClient,
    events,
    chatThread: chatThread!,
    bobThread: bobClient.getChatThreadClient(chatThread!.id),
  };
}

describe('the official ChatClient in Chromium', () => {
  it('is served over https on another origin', () => {
    expect(emulatorUrl).toMatch(/^https:/);
    expect(location.origin).not.toBe(new URL(emulatorUrl).origin);
  });

  it('receives all ten chat events for its threads, its own actions included', async () => {
    const [ann, bob, cat] = await Promise.all([createUser(), createUser(), createUser()]);
    const annClient = clientFor(ann);
    const bobClient = clientFor(bob);
    const events = await startRecording(annClient);
    await events.next('realTimeNotificationConnected');

    const { chatThread } = await bobClient.createChatThread(
      { topic: 'Realtime %41 topic' },
      {
        participants: [{ id: communicationUser(ann), displayName: 'Ann' }],
        metadata: { room: 'blue' },
        retentionPolicy: { kind: 'threadCreationDate', deleteThreadAfterDays: 30 },
      },
    );
    const threadId = chatThread!.id;
    const ofThread = (p: Payload) => p.threadId === threadId;
    const created = await events.next('chatThreadCreated', ofThread);
    expect(created).toMatchObject({
      createdBy: { id: { kind: 'communicationUser', communicationUserId: bob.userId } },
      properties: { topic: 'Realtime %41 topic', metadata: { room: 'blue' } },
      retentionPolicy: { kind: 'threadCreationDate', deleteThreadAfterDays: 30 },
    });
    expect(isDate(created.createdOn)).toBe(true);
    expect(
      (created.participants as Array<{ id: { communicationUserId: string } }>)
        .map((p) => p.id.communicationUserId)
        .sort(),
    ).toEqual([ann.userId, bob.userId].sort());

    const bobThread = bobClient.getChatThreadClient(threadId);
    const annThread = annClient.getChatThreadClient(threadId);
    const { id: messageId } = await bobThread.sendMessage(
      { content: 'Hello Ann' },
      { senderDisplayName: 'Bob', metadata: { kind: 'greeting' } },
    );
    const received = await events.next('chatMessageReceived', (p) => p.id === messageId);
    expect(received).toMatchObject({
      threadId,
      sender: { kind: 'communicationUser', communicationUserId: bob.userId },
      senderDisplayName: 'Bob',
      recipient: { kind: 'communicationUser', communicationUserId: ann.userId },
      type: 'Text',
      message: 'Hello Ann',
      metadata: { kind: 'greeting' },
      attachments: [],
    });
    expect(isDate(received.createdOn)).toBe(true);

    // The sender hears their own message too.
    const { id: ownId } = await annThread.sendMessage({ content: 'Hi Bob' });
    await events.next('chatMessageReceived', (p) => p.id === ownId);

    await bobThread.updateMessage(messageId, { content: 'Hello again' });
    const edited = await events.next('chatMessageEdited', (p) => p.id === messageId);
    expect(edited).toMatchObject({ message: 'Hello again', senderDisplayName: 'Bob' });
    expect(isDate(edited.editedOn)).toBe(true);

    await bobThread.deleteMessage(messageId);
    const deleted = await events.next('chatMessageDeleted', (p) => p.id === messageId);
    expect(isDate(deleted.deletedOn)).toBe(true);

    await bobThread.sendTypingNotification({ senderDisplayName: 'Bob' });
    const typing = await events.next('typingIndicatorReceived', ofThread);
    expect(typing).toMatchObject({
      sender: { communicationUserId: bob.userId },
      senderDisplayName: 'Bob',
    });
    expect(isDate(typing.receivedOn)).toBe(true);

    await bobThread.sendReadReceipt({ chatMessageId: ownId });
    const receipt = await events.next('readReceiptReceived', ofThread);
    expect(receipt).toMatchObject({
      chatMessageId: ownId,
      sender: { communicationUserId: bob.userId },
    });
    expect(isDate(receipt.readOn)).toBe(true);

    await bobThread.updateProperties({ topic: 'Renamed', metadata: { room: 'red' } });
    const updated = await events.next('chatThreadPropertiesUpdated', ofThread);
    expect(updated).toMatchObject({
      updatedBy: { id: { communicationUserId: bob.userId } },
      properties: { topic: 'Renamed', metadata: { room: 'red' } },
    });
    expect(isDate(updated.updatedOn)).toBe(true);

    await bobThread.addParticipants({
      participants: [{ id: communicationUser(cat), displayName: 'Cat' }],
    });
    const added = await events.next('participantsAdded', ofThread);
    expect(added).toMatchObject({
      addedBy: { id: { communicationUserId: bob.userId } },
      participantsAdded: [{ id: { communicationUserId: cat.userId }, displayName: 'Cat' }],
    });
    expect(isDate(added.addedOn)).toBe(true);

    await bobThread.removeParticipant(communicationUser(cat));
    const removed = await events.next('participantsRemoved', ofThread);
    expect(removed).toMatchObject({
      removedBy: { id: { communicationUserId: bob.userId } },
      participantsRemoved: [{ id: { communicationUserId: cat.userId } }],
    });

    await bobClient.deleteChatThread(threadId);
    const threadDeleted = await events.next('chatThreadDeleted', ofThread);
    expect(threadDeleted).toMatchObject({
      reason: 'deletedByUser',
      deletedBy: { id: { communicationUserId: bob.userId } },
    });
    expect(isDate(threadDeleted.deletedOn)).toBe(true);
  });

  it('reports the dropped socket and reconnects, then receives again', async () => {
    const { ann, events, bobThread } = await annListensInThreadOfBob('Reconnect');

    await drop(ann.userId);
    await events.next('realTimeNotificationDisconnected');
    await events.next('realTimeNotificationConnected', undefined, 1);

    const { id } = await bobThread.sendMessage({ content: 'After the drop' });
    const received = await events.next('chatMessageReceived', (p) => p.id === id);
    expect(received.message).toBe('After the drop');
  });

  it('stops delivering to a removed participant', async () => {
    const { ann, bobClient, events, chatThread, bobThread } =
      await annListensInThreadOfBob('Leaving');
    await bobThread.removeParticipant(communicationUser(ann));
    await events.next('participantsRemoved', (p) => p.threadId === chatThread!.id);
    await bobThread.sendMessage({ content: 'Not for Ann' });
    // A later event in a thread Ann is in arrives after anything sent to her before it.
    const { chatThread: other } = await bobClient.createChatThread(
      { topic: 'Still here' },
      { participants: [{ id: communicationUser(ann) }] },
    );
    await events.next('chatThreadCreated', (p) => p.threadId === other!.id);
    expect(events.seen.filter((e) => e.name === 'chatMessageReceived')).toEqual([]);
  });
});
