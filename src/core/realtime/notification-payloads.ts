// The body of a delivery (a JSON string inside the socket's envelope, with a numeric `eventId`)
// decoded into the official ChatClient's payload for that event. Some fields are JSON strings of
// their own; the thread events' go through unescape() first, as the official client reads them.
// A body that lacks what the official client would fail on (an MRI, a participant's id, a nested
// string that is not JSON) is refused here too, and so are ids and thread ids that are not
// strings: the caller answers 404 and emits nothing.
import type { CommunicationIdentifierKind } from '../identifiers.ts';
import type { ChatAttachment, ChatRetentionPolicy } from '../models.ts';
import type {
  ChatEventParticipant,
  ChatEventThreadProperties,
  ChatNotificationEvents,
} from './events.ts';

type Body = Record<string, unknown>;
type Decoded = {
  [K in keyof ChatNotificationEvents]: [K, ChatNotificationEvents[K]];
}[keyof ChatNotificationEvents];

/** The api-version the official client puts on image attachment URLs (its REST api-version). */
const attachmentApiVersion = '2025-03-15';

const teamsPrefixes: Array<[string, 'public' | 'dod' | 'gcch' | undefined]> = [
  ['8:orgid:', 'public'],
  ['8:dod:', 'dod'],
  ['8:gcch:', 'gcch'],
  ['8:teamsvisitor:', undefined],
];

function text(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError('expected a string');
  return value;
}

/** An MRI as the official client reads it into an identifier. */
export function identifierOfMri(value: unknown): CommunicationIdentifierKind {
  const mri = text(value);
  for (const [prefix, cloud] of teamsPrefixes) {
    if (mri.startsWith(prefix)) {
      const microsoftTeamsUserId = mri.slice(prefix.length);
      return cloud
        ? {
            kind: 'microsoftTeamsUser',
            rawId: mri,
            microsoftTeamsUserId,
            isAnonymous: false,
            cloud,
          }
        : { kind: 'microsoftTeamsUser', rawId: mri, microsoftTeamsUserId, isAnonymous: true };
    }
  }
  if (mri.startsWith('4:')) return { kind: 'phoneNumber', rawId: mri, phoneNumber: mri.slice(2) };
  if (/^8:(acs|gcch-acs|dod-acs|spool):/.test(mri)) {
    return { kind: 'communicationUser', communicationUserId: mri };
  }
  return { kind: 'unknown', id: mri };
}

/** A nested JSON string; the official client's empty forms ('', 'null', '{}', '[]') are none. */
function nested(value: unknown): unknown {
  return value == null || ['', 'null', '{}', '[]'].includes(value as string)
    ? undefined
    : JSON.parse(value as string);
}

/** A thread event's nested JSON string, read through unescape() as the official client does. */
function escaped(value: unknown): Body {
  const parsed: unknown = JSON.parse(unescape(text(value)));
  if (typeof parsed !== 'object' || parsed === null) throw new TypeError('expected an object');
  return parsed as Body;
}

function participant(payload: Body): ChatEventParticipant {
  const result: ChatEventParticipant = {
    id: identifierOfMri(payload.participantId),
    displayName: payload.displayName as string,
    metadata: (nested(payload.memberMetaData ?? '') as Record<string, string> | undefined) ?? {},
  };
  if (payload.shareHistoryTime)
    result.shareHistoryTime = new Date(payload.shareHistoryTime as string);
  return result;
}

function participants(value: unknown): ChatEventParticipant[] {
  const parsed: unknown = JSON.parse(unescape(text(value)));
  if (!Array.isArray(parsed)) throw new TypeError('expected an array');
  return parsed.map((item) => participant(item as Body));
}

function properties(payload: Body): ChatEventThreadProperties {
  return {
    topic: payload.topic as string,
    metadata: (nested(payload.acsChatThreadMetadata ?? '') as Record<string, string>) ?? {},
  };
}

function retentionPolicy(payload: Body): ChatRetentionPolicy {
  try {
    const policy = JSON.parse(payload.retentionPolicy as string) as Body;
    if (policy.retentionPolicyType === 'DeleteAfterCreationTime') {
      const after = (policy.executeAfter as string).trim().replace(/^[+-]/, '');
      const days = parseInt(after.includes('.') ? after.split('.')[0]! : '0', 10);
      return { kind: 'threadCreationDate', deleteThreadAfterDays: isNaN(days) ? 0 : days };
    }
  } catch {
    // No policy, or one this client cannot read: none, as the official client says.
  }
  return { kind: 'none' };
}

/** Image URLs on the endpoint's origin, with the api-version, as the official client rewrites them. */
function mediaUrl(value: string, endpoint: string): string {
  let url: URL;
  try {
    url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:')
      url = new URL(url.pathname, endpoint);
  } catch {
    try {
      url = new URL(value, endpoint);
    } catch {
      return value;
    }
  }
  url.searchParams.set('api-version', attachmentApiVersion);
  return url.href;
}

function attachments(value: unknown, endpoint: string): ChatAttachment[] {
  const list = (nested(value) as ChatAttachment[] | undefined) ?? [];
  for (const attachment of list) {
    if (attachment.attachmentType.toLowerCase() !== 'image') continue;
    if (attachment.previewUrl) attachment.previewUrl = mediaUrl(attachment.previewUrl, endpoint);
    if (attachment.url) attachment.url = mediaUrl(attachment.url, endpoint);
  }
  return list;
}

function sent(body: Body) {
  return {
    threadId: text(body.groupId),
    sender: identifierOfMri(body.senderId),
    senderDisplayName: body.senderDisplayName as string,
    recipient: identifierOfMri(body.recipientMri),
  };
}

function message(body: Body, endpoint: string) {
  return {
    ...sent(body),
    id: text(body.messageId),
    createdOn: new Date(body.originalArrivalTime as string),
    version: body.version as string,
    type: body.messageType as string,
    message: body.messageBody as string,
    metadata: (nested(body.acsChatMessageMetadata) as Record<string, string> | undefined) ?? {},
    attachments: attachments(body.attachments, endpoint),
  };
}

/**
 * The event a delivery's body is, with its payload; undefined for an eventId this client does not
 * know. Throws (a TypeError or SyntaxError) for a body it cannot read.
 */
export function decodeNotification(rawBody: string, endpoint: string): Decoded | undefined {
  const body = JSON.parse(rawBody) as Body;
  const thread = () => ({ threadId: text(body.threadId), version: body.version as string });
  switch (body?.eventId) {
    case 200:
      return ['chatMessageReceived', message(body, endpoint)];
    case 247:
      return [
        'chatMessageEdited',
        { ...message(body, endpoint), editedOn: new Date(body.edittime as string) },
      ];
    case 248:
      return [
        'chatMessageDeleted',
        {
          ...sent(body),
          id: text(body.messageId),
          createdOn: new Date(body.originalArrivalTime as string),
          version: body.version as string,
          deletedOn: new Date(body.deletetime as string),
          type: body.messageType as string,
        },
      ];
    case 245:
      return [
        'typingIndicatorReceived',
        {
          ...sent(body),
          version: body.version as string,
          receivedOn: new Date(body.originalArrivalTime as string),
        },
      ];
    case 246: {
      const receipt = JSON.parse(text(body.messageBody)) as Body;
      return [
        'readReceiptReceived',
        {
          ...sent(body),
          senderDisplayName: '',
          chatMessageId: text(body.messageId),
          readOn: new Date(Number(text(receipt.consumptionhorizon).split(';')[1])),
        },
      ];
    }
    case 257: {
      const props = escaped(body.properties);
      return [
        'chatThreadCreated',
        {
          ...thread(),
          createdOn: new Date(body.createTime as string),
          createdBy: participant(escaped(body.createdBy)),
          participants: participants(body.members),
          properties: properties(props),
          retentionPolicy: retentionPolicy(props),
        },
      ];
    }
    case 258: {
      const props = escaped(body.properties);
      return [
        'chatThreadPropertiesUpdated',
        {
          ...thread(),
          updatedOn: new Date(body.editTime as string),
          updatedBy: participant(escaped(body.editedBy)),
          properties: properties(props),
          retentionPolicy: retentionPolicy(props),
        },
      ];
    }
    case 259:
      return [
        'chatThreadDeleted',
        {
          ...thread(),
          deletedOn: new Date(body.deleteTime as string),
          deletedBy:
            body.reason === 'deletedByPolicy' ? null : participant(escaped(body.deletedBy)),
          reason: body.reason as string,
        },
      ];
    case 260:
      return [
        'participantsAdded',
        {
          ...thread(),
          addedOn: new Date(body.time as string),
          addedBy: participant(escaped(body.addedBy)),
          participantsAdded: participants(body.participantsAdded),
        },
      ];
    case 261:
      return [
        'participantsRemoved',
        {
          ...thread(),
          removedOn: new Date(body.time as string),
          removedBy: participant(escaped(body.removedBy)),
          participantsRemoved: participants(body.participantsRemoved),
        },
      ];
  }
  return undefined;
}
