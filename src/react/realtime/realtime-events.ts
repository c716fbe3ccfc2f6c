// The official payloads as ChatEvents: what applyChatEvent merges into the caches.
import type { ChatMessage, ChatMessageType } from '../../core/index.ts';
import type {
  RealtimeMessageEvent,
  RealtimeParticipant,
  RealtimeReadReceiptEvent,
} from './realtime-source.ts';
import type { ChatEvent } from '../types.ts';

// The service's names for message types in notifications, and ours (the REST API's).
const messageTypes: Record<string, ChatMessageType> = {
  Text: 'text',
  'RichText/Html': 'html',
  'ThreadActivity/TopicUpdate': 'topicUpdated',
  'ThreadActivity/AddMember': 'participantAdded',
  'ThreadActivity/DeleteMember': 'participantRemoved',
};

/**
 * The message an event describes, or undefined for a system message: its event carries no
 * structured content, so it is read from the service instead.
 */
export function eventMessage(event: RealtimeMessageEvent): ChatMessage | undefined {
  const type = messageTypes[event.type] ?? event.type.toLowerCase();
  if (type !== 'text' && type !== 'html') return undefined;
  const message: ChatMessage = {
    id: event.id,
    type,
    // Events carry no sequence number: the message sorts by time until a listing brings it.
    sequenceId: '',
    version: event.version,
    content: { message: event.message },
    senderDisplayName: event.senderDisplayName || undefined,
    createdOn: event.createdOn,
    sender: event.sender,
  };
  if (event.metadata && Object.keys(event.metadata).length > 0) message.metadata = event.metadata;
  return message;
}

export const participantsOf = (participants: RealtimeParticipant[]) =>
  participants.map(({ id, displayName, shareHistoryTime, metadata }) => ({
    id,
    ...(displayName ? { displayName } : {}),
    ...(shareHistoryTime ? { shareHistoryTime } : {}),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}),
  }));

export const receiptEvent = (event: RealtimeReadReceiptEvent): ChatEvent => ({
  type: 'readReceiptReceived',
  threadId: event.threadId,
  receipt: { sender: event.sender, chatMessageId: event.chatMessageId, readOn: event.readOn },
});
