// Communication identifiers in the official SDK's vocabulary, and their wire form
// (CommunicationIdentifierModel). rawId rules follow the service.
import { assertObject, assertString, fail } from './validate.ts';

export type CommunicationCloudEnvironment = 'public' | 'dod' | 'gcch';

export interface CommunicationUserIdentifier {
  communicationUserId: string;
}
export interface PhoneNumberIdentifier {
  phoneNumber: string;
  rawId?: string;
  isAnonymous?: boolean;
  assertedId?: string;
}
export interface MicrosoftTeamsUserIdentifier {
  microsoftTeamsUserId: string;
  rawId?: string;
  isAnonymous?: boolean;
  cloud?: CommunicationCloudEnvironment;
}
export interface MicrosoftTeamsAppIdentifier {
  teamsAppId: string;
  rawId?: string;
  cloud?: CommunicationCloudEnvironment;
}
export interface TeamsExtensionUserIdentifier {
  userId: string;
  tenantId: string;
  resourceId: string;
  rawId?: string;
  cloud?: CommunicationCloudEnvironment;
}
export interface UnknownIdentifier {
  id: string;
}

export type CommunicationIdentifier =
  | CommunicationUserIdentifier
  | PhoneNumberIdentifier
  | MicrosoftTeamsUserIdentifier
  | MicrosoftTeamsAppIdentifier
  | TeamsExtensionUserIdentifier
  | UnknownIdentifier;

export type CommunicationIdentifierKind =
  | (CommunicationUserIdentifier & { kind: 'communicationUser' })
  | (PhoneNumberIdentifier & { kind: 'phoneNumber' })
  | (MicrosoftTeamsUserIdentifier & { kind: 'microsoftTeamsUser' })
  | (MicrosoftTeamsAppIdentifier & { kind: 'microsoftTeamsApp' })
  | (TeamsExtensionUserIdentifier & { kind: 'teamsExtensionUser' })
  | (UnknownIdentifier & { kind: 'unknown' });

/** The wire model, as the spec names it. */
export interface CommunicationIdentifierModel {
  rawId?: string;
  kind?: string;
  communicationUser?: { id: string };
  phoneNumber?: { value: string; isAnonymous?: boolean; assertedId?: string };
  microsoftTeamsUser?: { userId: string; isAnonymous?: boolean; cloud?: string };
  microsoftTeamsApp?: { appId: string; cloud?: string };
  teamsExtensionUser?: { userId: string; tenantId: string; resourceId: string; cloud?: string };
}

/**
 * Each kind's nested wire model: the SDK field that names it, the wire field that carries it, then
 * the fields both forms share. Drives both directions, so they cannot drift apart.
 */
export const identifierModels = {
  communicationUser: ['communicationUserId', 'id'],
  phoneNumber: ['phoneNumber', 'value', 'isAnonymous', 'assertedId'],
  microsoftTeamsUser: ['microsoftTeamsUserId', 'userId', 'isAnonymous', 'cloud'],
  microsoftTeamsApp: ['teamsAppId', 'appId', 'cloud'],
  teamsExtensionUser: ['userId', 'userId', 'tenantId', 'resourceId', 'cloud'],
} as const;

export const clouds = new Set(['public', 'dod', 'gcch']);

function cloudOf(value: unknown, argument: string): CommunicationCloudEnvironment | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !clouds.has(value))
    fail(argument, "expected 'public', 'dod' or 'gcch'.");
  return value as CommunicationCloudEnvironment;
}

/** Checks an identifier from the caller and gives it back in kind form; throws ChatValidationError. */
export function parseIdentifier(value: unknown, argument: string): CommunicationIdentifierKind {
  const id = assertObject(value, argument);
  if ('communicationUserId' in id) {
    const userId = assertString(id.communicationUserId, `${argument}.communicationUserId`, 512);
    if (!/^8:[a-z-]+:\S+$/.test(userId)) {
      fail(
        `${argument}.communicationUserId`,
        `expected an ACS user id like '8:acs:<resource>_<id>', got ${JSON.stringify(userId.slice(0, 40))}.`,
      );
    }
    return { kind: 'communicationUser', communicationUserId: userId };
  }
  if ('phoneNumber' in id) {
    const phoneNumber = assertString(id.phoneNumber, `${argument}.phoneNumber`, 64);
    if (
      !/^\+\d{3,15}$/.test(phoneNumber) &&
      !(id.isAnonymous === true && phoneNumber === 'anonymous')
    ) {
      fail(`${argument}.phoneNumber`, 'expected an E.164 number such as +14255550123.');
    }
    return { ...(id as unknown as PhoneNumberIdentifier), kind: 'phoneNumber', phoneNumber };
  }
  // The Teams kinds: a string id (and a tenant and resource for an extension user) and a cloud.
  for (const kind of ['microsoftTeamsUser', 'microsoftTeamsApp', 'teamsExtensionUser'] as const) {
    const [name, , ...shared] = identifierModels[kind];
    const required = shared.filter((key) => key === 'tenantId' || key === 'resourceId');
    if (![name, ...required].every((key) => key in id)) continue;
    for (const key of [name, ...required]) assertString(id[key], `${argument}.${key}`, 512);
    cloudOf(id.cloud, `${argument}.cloud`);
    return { ...id, kind } as CommunicationIdentifierKind;
  }
  if ('id' in id) {
    return { kind: 'unknown', id: assertString(id.id, `${argument}.id`, 512) };
  }
  return fail(
    argument,
    'expected an identifier such as { communicationUserId }, { phoneNumber }, { microsoftTeamsUserId }, { teamsAppId } or { id }.',
  );
}

// A cloud's part of a raw id prefix: `orgid` (or `acs`) in the public cloud, else the cloud's name.
function cloudPart(cloud: CommunicationCloudEnvironment | undefined, publicName: string): string {
  return !cloud || cloud === 'public' ? publicName : cloud;
}

function rawIdOf(id: CommunicationIdentifierKind): string {
  switch (id.kind) {
    case 'communicationUser':
      return id.communicationUserId;
    case 'phoneNumber': {
      if (id.rawId) return id.rawId;
      if (id.isAnonymous) return '4:anonymous';
      const number = id.phoneNumber.replace(/^\+/, '');
      return id.assertedId ? `4:${number}_${id.assertedId}` : `4:${number}`;
    }
    case 'microsoftTeamsUser':
      if (id.rawId) return id.rawId;
      if (id.isAnonymous) return `8:teamsvisitor:${id.microsoftTeamsUserId}`;
      return `8:${cloudPart(id.cloud, 'orgid')}:${id.microsoftTeamsUserId}`;
    case 'microsoftTeamsApp':
      return id.rawId ?? `28:${cloudPart(id.cloud, 'orgid')}:${id.teamsAppId}`;
    case 'teamsExtensionUser':
      return (
        id.rawId ??
        `8:${id.cloud && id.cloud !== 'public' ? `${id.cloud}-acs` : 'acs'}:${id.resourceId}_${id.tenantId}_${id.userId}`
      );
    case 'unknown':
      return id.id;
  }
}

/**
 * The identifier's raw id, as the service writes it: an ACS user's id as is, `4:` + a phone number
 * without `+`, `8:orgid:` (or the cloud's prefix) + a Teams user id, and so on. Throws
 * `ChatValidationError` for a malformed identifier.
 */
export function getIdentifierRawId(identifier: CommunicationIdentifier): string {
  return rawIdOf(parseIdentifier(identifier, 'identifier'));
}

/** SDK identifier -> wire model. The argument name makes validation errors point at the caller's field. */
export function identifierToWire(
  identifier: unknown,
  argument: string,
): CommunicationIdentifierModel {
  const id = parseIdentifier(identifier, argument);
  const rawId = rawIdOf(id);
  if (id.kind === 'unknown') return { rawId };
  const [name, wireName, ...shared] = identifierModels[id.kind];
  const fields = id as unknown as Record<string, unknown>;
  const nested: Record<string, unknown> = { [wireName]: fields[name] };
  // The wire names the cloud always; the SDK leaves it out for the public cloud.
  for (const key of shared)
    nested[key] = key === 'cloud' ? (fields.cloud ?? 'public') : fields[key];
  return { rawId, [id.kind]: nested };
}
