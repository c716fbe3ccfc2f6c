// Wire (JSON) -> models. Unknown fields are ignored and unknown enum values pass through, but a
// missing or malformed required field is an InvalidResponse error, never a half-filled object.
// Plain functions rather than one reader class, so a bundle keeps only the parsers it calls and
// the minifier can shorten their names; `readBody` turns a problem into the operation's error.
import { clouds, identifierModels, type CommunicationIdentifierKind } from './identifiers.ts';
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
type Field<T> = (object: Json, key: string, where: string) => T;

/** What is wrong with a body; `readBody` names the operation and makes it a ChatError. */
class Malformed {
  readonly problem: string;
  constructor(problem: string) {
    this.problem = problem;
  }
}

function bad(problem: string): never {
  throw new Malformed(problem);
}

/** Runs `read` on a response body: a malformed body fails as `operation`'s InvalidResponse. */
export function readBody<T>(operation: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof Malformed ? invalidResponse(operation, error.problem) : error;
  }
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    bad(`${where} is not an object`);
  return value as Json;
}

function array<T>(value: unknown, where: string, read: (item: unknown, where: string) => T): T[] {
  if (!Array.isArray(value)) bad(`${where} is not an array`);
  return value.map((item, i) => read(item, `${where}[${i}]`));
}

/** A field read only when it is there: undefined and null both mean absent. */
function optional<T>(read: Field<T>): Field<T | undefined> {
  return (json, key, where) => (json[key] == null ? undefined : read(json, key, where));
}

export const string: Field<string> = (json, key, where) => {
  const value = json[key];
  if (typeof value !== 'string') bad(`${where}.${key} is missing or not a string`);
  return value;
};
const optionalString = optional(string);

const date: Field<Date> = (json, key, where) => {
  const text = string(json, key, where);
  // The service writes ISO 8601; Date's own parser would take '1' as the year 2001.
  const value = isoDateTime.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(value.getTime())) bad(`${where}.${key} is not an ISO 8601 date-time`);
  return value;
};
const optionalDate = optional(date);

const metadata = optional((json, key, where) => {
  const value = object(json[key], `${where}.${key}`);
  for (const [name, entry] of Object.entries(value))
    if (typeof entry !== 'string') bad(`${where}.${key}.${name} is not a string`);
  return value as Record<string, string>;
});

/**
 * Wire model -> SDK identifier. Tolerant: older responses lack `kind` (inferred from the nested
 * model) and new kinds become `{ kind: 'unknown', id: rawId }`; but a nested model that is present
 * must be whole: never a user without an id.
 */
function identifier(value: unknown, where: string): CommunicationIdentifierKind {
  const model = object(value, where);
  optionalString(model, 'rawId', where);
  let kind = optionalString(model, 'kind', where);
  for (const [key, [, wireName, ...shared]] of Object.entries(identifierModels)) {
    if (model[key] == null) continue;
    kind ??= key;
    const at = `${where}.${key}`;
    const nested = object(model[key], at);
    string(nested, wireName, at);
    for (const field of shared) {
      if (field === 'tenantId' || field === 'resourceId') string(nested, field, at);
      else if (field !== 'isAnonymous') optionalString(nested, field, at);
    }
    if (nested.isAnonymous != null && typeof nested.isAnonymous !== 'boolean')
      bad(`${at}.isAnonymous is not a boolean`);
  }
  const rawId = model.rawId as string | undefined;
  const nested = Object.hasOwn(identifierModels, kind ?? '') ? (model[kind!] as Json) : undefined;
  if (!nested) {
    if (!rawId) bad(`${where} names no one: it has neither a rawId nor a known identifier`);
    return { kind: 'unknown', id: rawId };
  }
  const [name, wireName, ...shared] = identifierModels[kind as keyof typeof identifierModels];
  const id: Record<string, unknown> = { kind, [name]: nested[wireName] };
  if (kind !== 'communicationUser') {
    id.rawId = rawId;
    // An unknown cloud is dropped rather than passed on as one of the three.
    for (const field of shared)
      id[field] =
        field !== 'cloud' || clouds.has(nested.cloud as string) ? nested[field] : undefined;
  }
  return id as unknown as CommunicationIdentifierKind;
}

const retentionPolicy = optional((json, key, where): ChatRetentionPolicy => {
  const policy = object(json[key], `${where}.${key}`);
  if (policy.kind !== 'threadCreationDate') return { kind: 'none' };
  const days = policy.deleteThreadAfterDays;
  if (typeof days !== 'number') bad(`${where}.${key}.deleteThreadAfterDays is not a number`);
  return { kind: 'threadCreationDate', deleteThreadAfterDays: days };
});

export function errors(value: unknown, where: string): ChatErrorDetail[] | undefined {
  return value == null
    ? undefined
    : array(value, where, (entry, at) => parseErrorDetail(entry) ?? bad(`${at} is not an error`));
}

/** A page: `{ value: T[], nextLink? }`, each item read by `read`. */
export function page<T>(
  body: unknown,
  read: (item: unknown, where: string) => T,
): { value: T[]; nextLink?: string } {
  const result = object(body, 'the response');
  return {
    value: array(result.value, 'value', read),
    nextLink: optionalString(result, 'nextLink', 'the response') || undefined,
  };
}

/**
 * A reader for one model: each of its fields read from the wire key of the same name, or from the
 * wire key given beside the reader. Fields come out in the order listed.
 */
function model<T>(
  fields: Record<string, Field<unknown> | [wireKey: string, read: Field<unknown>]>,
) {
  return (value: unknown, where: string): T => {
    const json = object(value, where);
    const result: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(fields)) {
      const [key, read] = typeof field === 'function' ? [name, field] : field;
      result[name] = read(json, key, where);
    }
    return result as T;
  };
}

/** A field holding a model, or a list of models, read by `read`. */
function nested<T>(read: (value: unknown, where: string) => T): Field<T> {
  return (json, key, where) => read(json[key], `${where}.${key}`);
}
function list<T>(read: (value: unknown, where: string) => T): Field<T[] | undefined> {
  return optional((json, key, where) => array(json[key], `${where}.${key}`, read));
}

const requiredIdentifier = nested(identifier);
const optionalIdentifier = optional(requiredIdentifier);

export const threadItem = model<ChatThreadItem>({
  id: string,
  topic: string,
  deletedOn: optionalDate,
  lastMessageReceivedOn: optionalDate,
});

export const threadProperties = model<ChatThreadProperties>({
  id: string,
  topic: string,
  createdOn: date,
  createdBy: ['createdByCommunicationIdentifier', optionalIdentifier],
  deletedOn: optionalDate,
  metadata,
  retentionPolicy,
});

export const participant = model<ChatParticipant>({
  id: ['communicationIdentifier', requiredIdentifier],
  displayName: optionalString,
  shareHistoryTime: optionalDate,
  metadata,
});

const attachment = model<ChatAttachment>({
  id: string,
  attachmentType: string,
  name: optionalString,
  url: optionalString,
  previewUrl: optionalString,
});

const messageContent = model<ChatMessageContent>({
  message: optionalString,
  topic: optionalString,
  participants: list(participant),
  initiator: ['initiatorCommunicationIdentifier', optionalIdentifier],
  attachments: list(attachment),
});

export const message = model<ChatMessage>({
  id: string,
  type: string,
  sequenceId: string,
  version: string,
  content: optional(nested(messageContent)),
  senderDisplayName: optionalString,
  createdOn: date,
  sender: ['senderCommunicationIdentifier', optionalIdentifier],
  deletedOn: optionalDate,
  editedOn: optionalDate,
  metadata,
});

export const readReceipt = model<ChatMessageReadReceipt>({
  sender: ['senderCommunicationIdentifier', requiredIdentifier],
  chatMessageId: string,
  readOn: date,
});
