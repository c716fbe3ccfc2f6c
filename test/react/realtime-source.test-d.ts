import {
  ChatClient,
  type ChatMessageDeletedEvent,
  type ChatMessageEditedEvent,
  type ChatMessageReceivedEvent,
  type ChatThreadCreatedEvent,
  type ChatThreadDeletedEvent,
  type ChatThreadPropertiesUpdatedEvent,
  type ParticipantsAddedEvent,
  type ParticipantsRemovedEvent,
  type ReadReceiptReceivedEvent,
  type TypingIndicatorReceivedEvent,
} from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { expectTypeOf, test } from 'vitest';
import type { ChatRealtimeEvents, ChatRealtimeSource } from '../../src/react/index.ts';

test('the official ChatClient is a real-time source as it is', () => {
  const official = new ChatClient(
    'https://x.communication.azure.com',
    new AzureCommunicationTokenCredential('t'),
  );
  expectTypeOf(official).toExtend<ChatRealtimeSource>();
});

test('every official payload has what the provider reads', () => {
  expectTypeOf<ChatMessageReceivedEvent>().toExtend<ChatRealtimeEvents['chatMessageReceived']>();
  expectTypeOf<ChatMessageEditedEvent>().toExtend<ChatRealtimeEvents['chatMessageEdited']>();
  expectTypeOf<ChatMessageDeletedEvent>().toExtend<ChatRealtimeEvents['chatMessageDeleted']>();
  expectTypeOf<TypingIndicatorReceivedEvent>().toExtend<
    ChatRealtimeEvents['typingIndicatorReceived']
  >();
  expectTypeOf<ReadReceiptReceivedEvent>().toExtend<ChatRealtimeEvents['readReceiptReceived']>();
  expectTypeOf<ChatThreadCreatedEvent>().toExtend<ChatRealtimeEvents['chatThreadCreated']>();
  expectTypeOf<ChatThreadPropertiesUpdatedEvent>().toExtend<
    ChatRealtimeEvents['chatThreadPropertiesUpdated']
  >();
  expectTypeOf<ChatThreadDeletedEvent>().toExtend<ChatRealtimeEvents['chatThreadDeleted']>();
  expectTypeOf<ParticipantsAddedEvent>().toExtend<ChatRealtimeEvents['participantsAdded']>();
  expectTypeOf<ParticipantsRemovedEvent>().toExtend<ChatRealtimeEvents['participantsRemoved']>();
});

test('a source that does not emit the official payloads is refused', () => {
  const listen = (
    _event: 'chatMessageReceived',
    _listener: (e: { threadId: number }) => void,
  ) => {};
  const wrong = { on: listen, off: listen };
  expectTypeOf(wrong).not.toExtend<ChatRealtimeSource>();
});
