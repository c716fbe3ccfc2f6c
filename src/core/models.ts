// Public models, in the official @azure/communication-chat SDK's vocabulary and JavaScript types.
import type { ChatErrorDetail } from './chat-error-detail.ts';
import type { CommunicationIdentifier, CommunicationIdentifierKind } from './identifiers.ts';

export type ChatMessageType =
  | 'text'
  | 'html'
  | 'topicUpdated'
  | 'participantAdded'
  | 'participantRemoved'
  // The service may add kinds; we pass them through rather than fail.
  | (string & {});

export interface ThreadCreationDateRetentionPolicy {
  kind: 'threadCreationDate';
  deleteThreadAfterDays: number;
}

export interface NoneRetentionPolicy {
  kind: 'none';
}

export type ChatRetentionPolicy = ThreadCreationDateRetentionPolicy | NoneRetentionPolicy;

export type { ChatErrorDetail } from './chat-error-detail.ts';

export interface ChatThreadItem {
  id: string;
  topic: string;
  deletedOn?: Date;
  lastMessageReceivedOn?: Date;
}

export interface ChatThreadProperties {
  id: string;
  topic: string;
  createdOn: Date;
  createdBy?: CommunicationIdentifierKind;
  deletedOn?: Date;
  metadata?: Record<string, string>;
  retentionPolicy?: ChatRetentionPolicy;
}

export interface ChatParticipant {
  id: CommunicationIdentifier;
  displayName?: string;
  shareHistoryTime?: Date;
  metadata?: Record<string, string>;
}

export interface CreateChatThreadRequest {
  topic: string;
}

export interface CreateChatThreadResult {
  chatThread?: ChatThreadProperties;
  invalidParticipants?: ChatErrorDetail[];
}

export type ChatAttachmentType = 'image' | 'file' | (string & {});

export interface ChatAttachment {
  id: string;
  attachmentType: ChatAttachmentType;
  name?: string;
  url?: string;
  previewUrl?: string;
}

export interface ChatMessageContent {
  message?: string;
  topic?: string;
  participants?: ChatParticipant[];
  initiator?: CommunicationIdentifierKind;
  attachments?: ChatAttachment[];
}

export interface ChatMessage {
  id: string;
  type: ChatMessageType;
  sequenceId: string;
  version: string;
  content?: ChatMessageContent;
  senderDisplayName?: string;
  createdOn: Date;
  sender?: CommunicationIdentifierKind;
  deletedOn?: Date;
  editedOn?: Date;
  metadata?: Record<string, string>;
}

export interface ChatMessageReadReceipt {
  sender: CommunicationIdentifierKind;
  chatMessageId: string;
  readOn: Date;
}

export interface SendChatMessageResult {
  id: string;
}

export interface AddChatParticipantsResult {
  invalidParticipants?: ChatErrorDetail[];
}

export interface SendMessageRequest {
  content: string;
}

export interface AddParticipantsRequest {
  participants: ChatParticipant[];
}

export interface SendReadReceiptRequest {
  chatMessageId: string;
}
