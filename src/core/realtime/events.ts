// The real-time events and their payloads, in the shapes and names of the official ChatClient
// (@azure/communication-chat, whose typings come from @azure/communication-signaling), so code
// written against its `on`/`off` works with ChatRealtimeClient unchanged.
import type { ChatError } from '../chat-error.ts';
import type { CommunicationIdentifierKind } from '../identifiers.ts';
import type { ChatAttachment, ChatRetentionPolicy } from '../models.ts';

/** A participant as the events carry it: its id with its `kind`, metadata always present. */
export interface ChatEventParticipant {
  id: CommunicationIdentifierKind;
  displayName: string;
  shareHistoryTime?: Date;
  metadata: Record<string, string>;
}

/** A thread's properties as the events carry them. */
export interface ChatEventThreadProperties {
  topic: string;
  metadata: Record<string, string>;
}

export interface BaseChatEvent {
  threadId: string;
  sender: CommunicationIdentifierKind;
  senderDisplayName: string;
  recipient: CommunicationIdentifierKind;
}

export interface BaseChatMessageEvent extends BaseChatEvent {
  id: string;
  createdOn: Date;
  /** The message's version: epoch milliseconds as a numeric string. */
  version: string;
  /** `Text`, `RichText/Html`, `ThreadActivity/...`. */
  type: string;
}

/** A message arrived; every participant gets it, the sender included. */
export interface ChatMessageReceivedEvent extends BaseChatMessageEvent {
  message: string;
  metadata: Record<string, string>;
  /** Always present (empty when none); image URLs point at the endpoint, with its api-version. */
  attachments?: ChatAttachment[];
}

export interface ChatMessageEditedEvent extends ChatMessageReceivedEvent {
  editedOn: Date;
}

export interface ChatMessageDeletedEvent extends BaseChatMessageEvent {
  deletedOn: Date;
}

export interface TypingIndicatorReceivedEvent extends BaseChatEvent {
  version: string;
  receivedOn: Date;
}

/** A participant read `chatMessageId` and everything before it; `senderDisplayName` is always ''. */
export interface ReadReceiptReceivedEvent extends BaseChatEvent {
  chatMessageId: string;
  readOn: Date;
}

export interface BaseChatThreadEvent {
  threadId: string;
  version: string;
}

export interface ChatThreadCreatedEvent extends BaseChatThreadEvent {
  createdOn: Date;
  properties: ChatEventThreadProperties;
  participants: ChatEventParticipant[];
  createdBy: ChatEventParticipant;
  retentionPolicy: ChatRetentionPolicy;
}

export interface ChatThreadPropertiesUpdatedEvent extends BaseChatThreadEvent {
  properties: ChatEventThreadProperties;
  updatedOn: Date;
  updatedBy: ChatEventParticipant;
  retentionPolicy: ChatRetentionPolicy;
}

export interface ChatThreadDeletedEvent extends BaseChatThreadEvent {
  deletedOn: Date;
  /** Null when a retention policy deleted the thread (`reason` 'deletedByPolicy'). */
  deletedBy: ChatEventParticipant | null;
  /** `deletedByUser` or `deletedByPolicy`. */
  reason: string;
}

export interface ParticipantsAddedEvent extends BaseChatThreadEvent {
  addedOn: Date;
  participantsAdded: ChatEventParticipant[];
  addedBy: ChatEventParticipant;
}

export interface ParticipantsRemovedEvent extends BaseChatThreadEvent {
  removedOn: Date;
  participantsRemoved: ChatEventParticipant[];
  removedBy: ChatEventParticipant;
}

/**
 * `connecting`: started, not connected yet (retrying, when `error` says why); `connected`: events
 * flow; `disconnected`: the connection was lost and is being made again; `stopped`: not started,
 * stopped by `stop()`, or given up on an error that no retry can mend (then `error` says which).
 */
export type ChatRealtimeState = 'connecting' | 'connected' | 'disconnected' | 'stopped';

export interface ChatRealtimeStateChangedEvent {
  state: ChatRealtimeState;
  /** Why the last attempt failed, while retrying, or why the client stopped by itself. */
  error?: ChatError;
}

/**
 * The service said it dropped notifications for this connection (`trouter.message_loss`), or the
 * client dropped one it would not read (larger than `maxFrameLength`): fetch what may be missing.
 */
export interface ChatMessageLossEvent {
  /** The service's flow tags for what was lost; empty when the client dropped a frame. */
  tags: string[];
}

/** The ten chat events of the official ChatClient, by name. */
export interface ChatNotificationEvents {
  chatMessageReceived: ChatMessageReceivedEvent;
  chatMessageEdited: ChatMessageEditedEvent;
  chatMessageDeleted: ChatMessageDeletedEvent;
  typingIndicatorReceived: TypingIndicatorReceivedEvent;
  readReceiptReceived: ReadReceiptReceivedEvent;
  chatThreadCreated: ChatThreadCreatedEvent;
  chatThreadPropertiesUpdated: ChatThreadPropertiesUpdatedEvent;
  chatThreadDeleted: ChatThreadDeletedEvent;
  participantsAdded: ParticipantsAddedEvent;
  participantsRemoved: ParticipantsRemovedEvent;
}

/** Everything ChatRealtimeClient emits: the official events, then what it adds. */
export interface ChatRealtimeClientEvents extends ChatNotificationEvents {
  realTimeNotificationConnected: void;
  realTimeNotificationDisconnected: void;
  realTimeNotificationMessageLoss: ChatMessageLossEvent;
  /** `state` or `error` changed. */
  stateChanged: ChatRealtimeStateChangedEvent;
}
