// The emulator's records: what the store holds for users, threads, participants, messages and
// read receipts. A leaf: the store and the events it raises (chat-events) both speak of them.
import type { WireIdentifier } from './identifiers.ts';

export interface UserRecord {
  id: string;
  createdOn: number;
}

export interface ParticipantRecord {
  identifier: WireIdentifier;
  displayName?: string;
  /** Messages created before this time are hidden from the participant; 0 shares everything. */
  shareHistoryTime: number;
  metadata?: Record<string, string>;
}

export type MessageType =
  'text' | 'html' | 'topicUpdated' | 'participantAdded' | 'participantRemoved';

export interface MessageRecord {
  /** Epoch milliseconds as a string, like the service; increasing within a thread. */
  id: string;
  type: MessageType;
  sequenceId: number;
  version: string;
  createdOn: number;
  content?: string;
  topic?: string;
  participants?: ParticipantRecord[];
  initiator?: WireIdentifier;
  sender?: WireIdentifier;
  senderDisplayName?: string;
  metadata?: Record<string, string>;
  editedOn?: number;
  deletedOn?: number;
}

export interface RetentionPolicy {
  kind: string;
  deleteThreadAfterDays?: number;
}

export interface ReadReceiptRecord {
  sender: WireIdentifier;
  chatMessageId: string;
  readOn: number;
}

export interface ThreadRecord {
  id: string;
  topic: string;
  createdOn: number;
  createdBy: WireIdentifier;
  deletedOn?: number;
  metadata?: Record<string, string>;
  retentionPolicy?: RetentionPolicy;
  lastMessageReceivedOn: number;
  /** Current participants by rawId, in the order they joined. */
  participants: Map<string, ParticipantRecord>;
  /** Former participants keep the thread in their list, as the service does. */
  formerParticipants?: Set<string>;
  /** In sequence order: messages[i].sequenceId === i + 1. Deletes are soft, so nothing is removed. */
  messages: MessageRecord[];
  /** The latest receipt per reader. */
  readReceipts?: Map<string, ReadReceiptRecord>;
  /** When each participant last sent a typing notification. */
  typing?: Map<string, number>;
}
