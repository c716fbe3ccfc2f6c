// What ChatProvider needs from a real-time source: the official ChatClient's `on`/`off` and the
// payloads its typings declare (@azure/communication-signaling), named here structurally, so the
// official SDK is never a dependency: its ChatClient, started, is the production source.
import type { CommunicationIdentifierKind } from '../../core/index.ts';

export interface RealtimeParticipant {
  id: CommunicationIdentifierKind;
  displayName?: string;
  shareHistoryTime?: Date;
  metadata?: Record<string, string>;
}

interface RealtimeSenderEvent {
  threadId: string;
  sender: CommunicationIdentifierKind;
  senderDisplayName: string;
}

export interface RealtimeMessageEvent extends RealtimeSenderEvent {
  id: string;
  createdOn: Date;
  version: string;
  /** The service's message type: `Text`, `RichText/Html`, `ThreadActivity/...`. */
  type: string;
  message: string;
  metadata?: Record<string, string>;
}

export interface RealtimeMessageEditedEvent extends RealtimeMessageEvent {
  editedOn: Date;
}

export interface RealtimeMessageDeletedEvent extends RealtimeSenderEvent {
  id: string;
  deletedOn: Date;
  /** The deleted message's version (optional here: a source that lacks it still fits). */
  version?: string;
}

export interface RealtimeTypingEvent extends RealtimeSenderEvent {
  receivedOn: Date;
}

export interface RealtimeReadReceiptEvent extends RealtimeSenderEvent {
  chatMessageId: string;
  readOn: Date;
}

interface RealtimeThreadProperties {
  topic: string;
  metadata?: Record<string, string>;
}

export interface RealtimeThreadCreatedEvent {
  threadId: string;
  createdOn: Date;
  properties: RealtimeThreadProperties;
}

export interface RealtimeThreadUpdatedEvent {
  threadId: string;
  properties: RealtimeThreadProperties;
  /** The thread's version after the update, and its time: an older update is not applied. */
  version?: string;
  updatedOn?: Date;
}

export interface RealtimeThreadDeletedEvent {
  threadId: string;
  deletedOn: Date;
}

export interface RealtimeParticipantsAddedEvent {
  threadId: string;
  participantsAdded: RealtimeParticipant[];
}

export interface RealtimeParticipantsRemovedEvent {
  threadId: string;
  participantsRemoved: RealtimeParticipant[];
}

/** The events by name, as the official ChatClient emits them. */
export interface ChatRealtimeEvents {
  chatMessageReceived: RealtimeMessageEvent;
  chatMessageEdited: RealtimeMessageEditedEvent;
  chatMessageDeleted: RealtimeMessageDeletedEvent;
  typingIndicatorReceived: RealtimeTypingEvent;
  readReceiptReceived: RealtimeReadReceiptEvent;
  chatThreadCreated: RealtimeThreadCreatedEvent;
  chatThreadPropertiesUpdated: RealtimeThreadUpdatedEvent;
  chatThreadDeleted: RealtimeThreadDeletedEvent;
  participantsAdded: RealtimeParticipantsAddedEvent;
  participantsRemoved: RealtimeParticipantsRemovedEvent;
  realTimeNotificationConnected: void;
  realTimeNotificationDisconnected: void;
}

type Listener<K extends keyof ChatRealtimeEvents> = (payload: ChatRealtimeEvents[K]) => void;

/**
 * A source of ACS real-time events: the official `ChatClient` from `@azure/communication-chat`
 * after `startRealtimeNotifications()` was called, or anything with the same `on`/`off`. A source
 * whose `on` throws (that client in Node, or before it was started) is not listened to: the
 * provider says `'disconnected'` and the hooks poll. One whose `off` throws unmounts quietly.
 */
export interface ChatRealtimeSource {
  // Properties, not methods: TypeScript then checks listeners strictly, so a source whose payloads
  // lack what the provider reads does not type-check.
  on: <K extends keyof ChatRealtimeEvents>(event: K, listener: Listener<K>) => void;
  off: <K extends keyof ChatRealtimeEvents>(event: K, listener: Listener<K>) => void;
}
