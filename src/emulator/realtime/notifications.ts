// A store change as the bodies ACS's real-time channel delivers: one JSON object per recipient, with
// a numeric `eventId` and, as the service sends them, some fields that are themselves JSON strings
// (participants, thread properties, metadata, the read receipt). The client reads thread-level
// nested strings through unescape() before parsing, so their `%` is written as `%25`.
import type { ChatEvent } from '../chat-events.ts';
import type { MessageRecord, ParticipantRecord, RetentionPolicy, ThreadRecord } from '../store.ts';

/** The eventId of each notification, as the client's handlers match them. */
export const eventIds = {
  chatMessageReceived: 200,
  typingIndicatorReceived: 245,
  readReceiptReceived: 246,
  chatMessageEdited: 247,
  chatMessageDeleted: 248,
  chatThreadCreated: 257,
  chatThreadPropertiesUpdated: 258,
  chatThreadDeleted: 259,
  participantsAdded: 260,
  participantsRemoved: 261,
} as const;

export type NotificationBody = Record<string, string | number>;

export interface Notification {
  /** The rawId of the user to deliver to. */
  recipient: string;
  body: NotificationBody;
}

const isoTime = (ms: number) => new Date(ms).toISOString();

/** A nested JSON string the client will pass through unescape() first. */
const escapedJson = (value: unknown) => JSON.stringify(value).replace(/%/g, '%25');

/** A string map as a JSON string; an empty one as "{}", which the client reads as no metadata. */
const mapString = (map: Record<string, string> | undefined) => JSON.stringify(map ?? {});

const messageTypes: Record<MessageRecord['type'], string> = {
  text: 'Text',
  html: 'RichText/Html',
  topicUpdated: 'ThreadActivity/TopicUpdate',
  participantAdded: 'ThreadActivity/AddMember',
  participantRemoved: 'ThreadActivity/DeleteMember',
};

function participantPayload(participant: ParticipantRecord): Record<string, string> {
  const payload: Record<string, string> = {
    participantId: participant.identifier.rawId,
    displayName: participant.displayName ?? '',
  };
  if (participant.shareHistoryTime > 0) {
    payload.shareHistoryTime = isoTime(participant.shareHistoryTime);
  }
  if (participant.metadata !== undefined) payload.memberMetaData = mapString(participant.metadata);
  return payload;
}

/** The participant record of `rawId` in the thread, or a bare one (e.g. someone since removed). */
function participantOf(thread: ThreadRecord, rawId: string): Record<string, string> {
  const record = thread.participants.get(rawId);
  return record ? participantPayload(record) : { participantId: rawId, displayName: '' };
}

/** The service's form: `DeleteAfterCreationTime` after `d.hh:mm:ss`. */
function retentionPayload(policy: RetentionPolicy | undefined): string | undefined {
  if (policy?.kind !== 'threadCreationDate' || policy.deleteThreadAfterDays === undefined) {
    return undefined;
  }
  return JSON.stringify({
    retentionPolicyType: 'DeleteAfterCreationTime',
    executeAfter: `${policy.deleteThreadAfterDays}.00:00:00`,
  });
}

function propertiesPayload(thread: ThreadRecord): string {
  const properties: Record<string, string> = { topic: thread.topic };
  if (thread.metadata !== undefined) properties.acsChatThreadMetadata = mapString(thread.metadata);
  const retention = retentionPayload(thread.retentionPolicy);
  if (retention !== undefined) properties.retentionPolicy = retention;
  return escapedJson(properties);
}

function messageBody(event: ChatEvent & { message: MessageRecord }): NotificationBody {
  const { message, thread } = event;
  const body: NotificationBody = {
    eventId:
      event.kind === 'messageSent'
        ? eventIds.chatMessageReceived
        : event.kind === 'messageEdited'
          ? eventIds.chatMessageEdited
          : eventIds.chatMessageDeleted,
    groupId: thread.id,
    senderId: message.sender?.rawId ?? '',
    senderDisplayName: message.senderDisplayName ?? '',
    messageId: message.id,
    originalArrivalTime: isoTime(message.createdOn),
    version: message.version,
    messageType: messageTypes[message.type],
  };
  if (event.kind === 'messageDeleted') {
    body.deletetime = isoTime(message.deletedOn ?? event.at);
    return body;
  }
  body.messageBody = message.content ?? '';
  body.acsChatMessageMetadata = mapString(message.metadata);
  if (event.kind === 'messageEdited') body.edittime = isoTime(message.editedOn ?? event.at);
  return body;
}

/** The body every recipient gets; the per-recipient `recipientMri` is added by notificationsFor. */
function sharedBody(event: ChatEvent): NotificationBody {
  const { thread, at } = event;
  const version = String(at);
  switch (event.kind) {
    case 'messageSent':
    case 'messageEdited':
    case 'messageDeleted':
      return messageBody(event);
    case 'typing':
      return {
        eventId: eventIds.typingIndicatorReceived,
        groupId: thread.id,
        senderId: event.sender,
        senderDisplayName: event.senderDisplayName,
        originalArrivalTime: isoTime(at),
        version,
      };
    case 'readReceipt': {
      const { receipt } = event;
      const messageId = receipt.chatMessageId;
      return {
        eventId: eventIds.readReceiptReceived,
        groupId: thread.id,
        senderId: receipt.sender.rawId,
        messageId,
        messageBody: JSON.stringify({
          user: receipt.sender.rawId,
          consumptionhorizon: `${messageId};${receipt.readOn};${messageId}`,
          messageVisibilityTime: receipt.readOn,
          version: messageId,
        }),
      };
    }
    case 'threadCreated':
      return {
        eventId: eventIds.chatThreadCreated,
        threadId: thread.id,
        createTime: isoTime(thread.createdOn),
        version,
        createdBy: escapedJson(participantOf(thread, thread.createdBy.rawId)),
        members: escapedJson([...thread.participants.values()].map(participantPayload)),
        properties: propertiesPayload(thread),
      };
    case 'threadUpdated':
      return {
        eventId: eventIds.chatThreadPropertiesUpdated,
        threadId: thread.id,
        editTime: isoTime(at),
        version,
        editedBy: escapedJson(participantOf(thread, event.by)),
        properties: propertiesPayload(thread),
      };
    case 'threadDeleted':
      return {
        eventId: eventIds.chatThreadDeleted,
        threadId: thread.id,
        deleteTime: isoTime(at),
        version,
        reason: 'deletedByUser',
        deletedBy: escapedJson(participantOf(thread, event.by)),
      };
    case 'participantsAdded':
    case 'participantsRemoved': {
      const added = event.kind === 'participantsAdded';
      return {
        eventId: added ? eventIds.participantsAdded : eventIds.participantsRemoved,
        threadId: thread.id,
        time: isoTime(at),
        version,
        [added ? 'addedBy' : 'removedBy']: escapedJson(participantOf(thread, event.by)),
        [added ? 'participantsAdded' : 'participantsRemoved']: escapedJson(
          event.participants.map(participantPayload),
        ),
      };
    }
  }
}

/** The notification each recipient of a store change gets. */
export function notificationsFor(event: ChatEvent): Notification[] {
  const shared = sharedBody(event);
  return event.recipients.map((recipient) => ({
    recipient,
    body: { ...shared, recipientMri: recipient },
  }));
}
