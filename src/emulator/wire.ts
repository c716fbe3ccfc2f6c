// Stored records as the service writes them on the wire (api-version 2025-03-15 shapes).
import { toWire, type WireIdentifier } from './identifiers.ts';
import type { MessageRecord, ParticipantRecord, ReadReceiptRecord, ThreadRecord } from './store.ts';
import { formatDateTime } from './validate.ts';

type Json = Record<string, unknown>;

/** Serializers bound to one request's api-version (identifiers carry `kind` from 2023-11-07). */
export class Wire {
  readonly #withKind: boolean;

  constructor(withKind: boolean) {
    this.#withKind = withKind;
  }

  identifier(id: WireIdentifier): Json {
    return { ...toWire(id, this.#withKind) };
  }

  thread(thread: ThreadRecord): Json {
    const json: Json = {
      id: thread.id,
      topic: thread.topic,
      createdOn: formatDateTime(thread.createdOn),
      createdByCommunicationIdentifier: this.identifier(thread.createdBy),
    };
    if (thread.deletedOn !== undefined) json.deletedOn = formatDateTime(thread.deletedOn);
    if (thread.metadata !== undefined) json.metadata = thread.metadata;
    if (thread.retentionPolicy !== undefined) json.retentionPolicy = thread.retentionPolicy;
    return json;
  }

  threadItem(thread: ThreadRecord): Json {
    const json: Json = { id: thread.id, topic: thread.topic };
    if (thread.deletedOn !== undefined) json.deletedOn = formatDateTime(thread.deletedOn);
    json.lastMessageReceivedOn = formatDateTime(thread.lastMessageReceivedOn);
    return json;
  }

  participant(participant: ParticipantRecord): Json {
    const json: Json = { communicationIdentifier: this.identifier(participant.identifier) };
    if (participant.displayName !== undefined) json.displayName = participant.displayName;
    json.shareHistoryTime = formatDateTime(participant.shareHistoryTime);
    if (participant.metadata !== undefined) json.metadata = participant.metadata;
    return json;
  }

  message(message: MessageRecord): Json {
    const content: Json = {};
    if (message.content !== undefined) {
      content.message = message.content;
      content.attachments = [];
    }
    if (message.topic !== undefined) content.topic = message.topic;
    if (message.participants !== undefined) {
      content.participants = message.participants.map((p) => this.participant(p));
    }
    if (message.initiator !== undefined) {
      content.initiatorCommunicationIdentifier = this.identifier(message.initiator);
    }
    const json: Json = {
      id: message.id,
      type: message.type,
      sequenceId: String(message.sequenceId),
      version: message.version,
      content,
    };
    if (message.senderDisplayName !== undefined) json.senderDisplayName = message.senderDisplayName;
    json.createdOn = formatDateTime(message.createdOn);
    if (message.sender !== undefined) {
      json.senderCommunicationIdentifier = this.identifier(message.sender);
    }
    if (message.deletedOn !== undefined) json.deletedOn = formatDateTime(message.deletedOn);
    if (message.editedOn !== undefined) json.editedOn = formatDateTime(message.editedOn);
    if (message.metadata !== undefined) json.metadata = message.metadata;
    return json;
  }

  readReceipt(receipt: ReadReceiptRecord): Json {
    return {
      senderCommunicationIdentifier: this.identifier(receipt.sender),
      chatMessageId: receipt.chatMessageId,
      readOn: formatDateTime(receipt.readOn),
    };
  }
}
