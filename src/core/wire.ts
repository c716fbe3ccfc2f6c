// Wire (JSON) -> models. Unknown fields are ignored and unknown enum values pass through, but a
// missing or malformed required field is an InvalidResponse error, never a half-filled object.
import {
  identifierFromWire,
  type CommunicationIdentifierKind,
  type CommunicationIdentifierModel,
} from './identifiers.ts';
import type {
  ChatAttachment,
  ChatErrorDetail,
  ChatMessage,
  ChatMessageContent,
  ChatMessageReadReceipt,
  ChatParticipant,
  ChatRetentionPolicy,
  ChatThreadItem,
  ChatThreadProperties,
} from './models.ts';
import { invalidResponse, parseErrorDetail } from './service-error.ts';

type Json = Record<string, unknown>;

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

// The fields each nested identifier model must carry, and those it may.
const identifierModels: Record<string, { required: string[]; strings: string[] }> = {
  communicationUser: { required: ['id'], strings: [] },
  phoneNumber: { required: ['value'], strings: ['assertedId'] },
  microsoftTeamsUser: { required: ['userId'], strings: ['cloud'] },
  microsoftTeamsApp: { required: ['appId'], strings: ['cloud'] },
  teamsExtensionUser: { required: ['userId', 'tenantId', 'resourceId'], strings: ['cloud'] },
};

export class WireReader {
  readonly operation: string;

  constructor(operation: string) {
    this.operation = operation;
  }

  fail(problem: string): never {
    throw invalidResponse(this.operation, problem);
  }

  object(value: unknown, where: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(`${where} is not an object`);
    return value as Json;
  }

  array(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) this.fail(`${where} is not an array`);
    return value;
  }

  string(object: Json, key: string, where: string): string {
    const value = object[key];
    if (typeof value !== 'string') this.fail(`${where}.${key} is missing or not a string`);
    return value;
  }

  optionalString(object: Json, key: string, where: string): string | undefined {
    return object[key] === undefined || object[key] === null
      ? undefined
      : this.string(object, key, where);
  }

  date(object: Json, key: string, where: string): Date {
    const text = this.string(object, key, where);
    // The service writes ISO 8601; Date's own parser would take '1' as the year 2001.
    const date = isoDateTime.test(text) ? new Date(text) : new Date(NaN);
    if (Number.isNaN(date.getTime())) this.fail(`${where}.${key} is not an ISO 8601 date-time`);
    return date;
  }

  optionalDate(object: Json, key: string, where: string): Date | undefined {
    return object[key] === undefined || object[key] === null
      ? undefined
      : this.date(object, key, where);
  }

  metadata(object: Json, key: string, where: string): Record<string, string> | undefined {
    const value = object[key];
    if (value === undefined || value === null) return undefined;
    const metadata = this.object(value, `${where}.${key}`);
    for (const [name, entry] of Object.entries(metadata)) {
      if (typeof entry !== 'string') this.fail(`${where}.${key}.${name} is not a string`);
    }
    return metadata as Record<string, string>;
  }

  identifier(value: unknown, where: string): CommunicationIdentifierKind {
    const model = this.object(value, where);
    this.optionalString(model, 'rawId', where);
    this.optionalString(model, 'kind', where);
    // A nested model that is present must be whole: never a user without an id.
    for (const [key, fields] of Object.entries(identifierModels)) {
      if (model[key] === undefined || model[key] === null) continue;
      const nested = this.object(model[key], `${where}.${key}`);
      for (const field of fields.required) this.string(nested, field, `${where}.${key}`);
      for (const field of fields.strings) this.optionalString(nested, field, `${where}.${key}`);
      if (nested.isAnonymous != null && typeof nested.isAnonymous !== 'boolean')
        this.fail(`${where}.${key}.isAnonymous is not a boolean`);
    }
    const identifier = identifierFromWire(model as CommunicationIdentifierModel);
    if (identifier.kind === 'unknown' && identifier.id === '')
      this.fail(`${where} names no one: it has neither a rawId nor a known identifier`);
    return identifier;
  }

  optionalIdentifier(
    object: Json,
    key: string,
    where: string,
  ): CommunicationIdentifierKind | undefined {
    return object[key] === undefined || object[key] === null
      ? undefined
      : this.identifier(object[key], `${where}.${key}`);
  }

  retentionPolicy(object: Json, where: string): ChatRetentionPolicy | undefined {
    const value = object.retentionPolicy;
    if (value === undefined || value === null) return undefined;
    const policy = this.object(value, `${where}.retentionPolicy`);
    if (policy.kind === 'threadCreationDate') {
      const days = policy.deleteThreadAfterDays;
      if (typeof days !== 'number')
        this.fail(`${where}.retentionPolicy.deleteThreadAfterDays is not a number`);
      return { kind: 'threadCreationDate', deleteThreadAfterDays: days };
    }
    return { kind: 'none' };
  }

  errors(value: unknown, where: string): ChatErrorDetail[] | undefined {
    if (value === undefined || value === null) return undefined;
    return this.array(value, where).map(
      (entry, i) => parseErrorDetail(entry) ?? this.fail(`${where}[${i}] is not an error`),
    );
  }

  /** A page: `{ value: T[], nextLink? }`. */
  page(body: unknown): { value: unknown[]; nextLink?: string } {
    const page = this.object(body, 'the response');
    return {
      value: this.array(page.value, 'value'),
      nextLink: this.optionalString(page, 'nextLink', 'the response') || undefined,
    };
  }

  threadItem(value: unknown, where: string): ChatThreadItem {
    const item = this.object(value, where);
    return {
      id: this.string(item, 'id', where),
      topic: this.string(item, 'topic', where),
      deletedOn: this.optionalDate(item, 'deletedOn', where),
      lastMessageReceivedOn: this.optionalDate(item, 'lastMessageReceivedOn', where),
    };
  }

  threadProperties(value: unknown, where: string): ChatThreadProperties {
    const thread = this.object(value, where);
    return {
      id: this.string(thread, 'id', where),
      topic: this.string(thread, 'topic', where),
      createdOn: this.date(thread, 'createdOn', where),
      createdBy: this.optionalIdentifier(thread, 'createdByCommunicationIdentifier', where),
      deletedOn: this.optionalDate(thread, 'deletedOn', where),
      metadata: this.metadata(thread, 'metadata', where),
      retentionPolicy: this.retentionPolicy(thread, where),
    };
  }

  participant(value: unknown, where: string): ChatParticipant {
    const participant = this.object(value, where);
    return {
      id: this.identifier(participant.communicationIdentifier, `${where}.communicationIdentifier`),
      displayName: this.optionalString(participant, 'displayName', where),
      shareHistoryTime: this.optionalDate(participant, 'shareHistoryTime', where),
      metadata: this.metadata(participant, 'metadata', where),
    };
  }

  attachment(value: unknown, where: string): ChatAttachment {
    const attachment = this.object(value, where);
    return {
      id: this.string(attachment, 'id', where),
      attachmentType: this.string(attachment, 'attachmentType', where),
      name: this.optionalString(attachment, 'name', where),
      url: this.optionalString(attachment, 'url', where),
      previewUrl: this.optionalString(attachment, 'previewUrl', where),
    };
  }

  messageContent(value: unknown, where: string): ChatMessageContent | undefined {
    if (value === undefined || value === null) return undefined;
    const content = this.object(value, where);
    return {
      message: this.optionalString(content, 'message', where),
      topic: this.optionalString(content, 'topic', where),
      participants:
        content.participants == null
          ? undefined
          : this.array(content.participants, `${where}.participants`).map((p, i) =>
              this.participant(p, `${where}.participants[${i}]`),
            ),
      initiator: this.optionalIdentifier(content, 'initiatorCommunicationIdentifier', where),
      attachments:
        content.attachments == null
          ? undefined
          : this.array(content.attachments, `${where}.attachments`).map((a, i) =>
              this.attachment(a, `${where}.attachments[${i}]`),
            ),
    };
  }

  message(value: unknown, where: string): ChatMessage {
    const message = this.object(value, where);
    return {
      id: this.string(message, 'id', where),
      type: this.string(message, 'type', where),
      sequenceId: this.string(message, 'sequenceId', where),
      version: this.string(message, 'version', where),
      content: this.messageContent(message.content, `${where}.content`),
      senderDisplayName: this.optionalString(message, 'senderDisplayName', where),
      createdOn: this.date(message, 'createdOn', where),
      sender: this.optionalIdentifier(message, 'senderCommunicationIdentifier', where),
      deletedOn: this.optionalDate(message, 'deletedOn', where),
      editedOn: this.optionalDate(message, 'editedOn', where),
      metadata: this.metadata(message, 'metadata', where),
    };
  }

  readReceipt(value: unknown, where: string): ChatMessageReadReceipt {
    const receipt = this.object(value, where);
    return {
      sender: this.identifier(
        receipt.senderCommunicationIdentifier,
        `${where}.senderCommunicationIdentifier`,
      ),
      chatMessageId: this.string(receipt, 'chatMessageId', where),
      readOn: this.date(receipt, 'readOn', where),
    };
  }
}
