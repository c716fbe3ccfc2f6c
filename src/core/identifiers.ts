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

const clouds = new Set(['public', 'dod', 'gcch']);

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
  if ('microsoftTeamsUserId' in id) {
    assertString(id.microsoftTeamsUserId, `${argument}.microsoftTeamsUserId`, 512);
    cloudOf(id.cloud, `${argument}.cloud`);
    return { ...(id as unknown as MicrosoftTeamsUserIdentifier), kind: 'microsoftTeamsUser' };
  }
  if ('teamsAppId' in id) {
    assertString(id.teamsAppId, `${argument}.teamsAppId`, 512);
    cloudOf(id.cloud, `${argument}.cloud`);
    return { ...(id as unknown as MicrosoftTeamsAppIdentifier), kind: 'microsoftTeamsApp' };
  }
  if ('tenantId' in id && 'resourceId' in id && 'userId' in id) {
    for (const key of ['userId', 'tenantId', 'resourceId'] as const)
      assertString(id[key], `${argument}.${key}`, 512);
    cloudOf(id.cloud, `${argument}.cloud`);
    return { ...(id as unknown as TeamsExtensionUserIdentifier), kind: 'teamsExtensionUser' };
  }
  if ('id' in id) {
    return { kind: 'unknown', id: assertString(id.id, `${argument}.id`, 512) };
  }
  return fail(
    argument,
    'expected an identifier such as { communicationUserId }, { phoneNumber }, { microsoftTeamsUserId }, { teamsAppId } or { id }.',
  );
}

const teamsUserPrefix: Record<CommunicationCloudEnvironment, string> = {
  public: '8:orgid:',
  dod: '8:dod:',
  gcch: '8:gcch:',
};
const teamsAppPrefix: Record<CommunicationCloudEnvironment, string> = {
  public: '28:orgid:',
  dod: '28:dod:',
  gcch: '28:gcch:',
};
const extensionPrefix: Record<CommunicationCloudEnvironment, string> = {
  public: '8:acs:',
  dod: '8:dod-acs:',
  gcch: '8:gcch-acs:',
};

/**
 * The identifier's raw id, as the service writes it: an ACS user's id as is, `4:` + a phone number
 * without `+`, `8:orgid:` (or the cloud's prefix) + a Teams user id, and so on. Throws
 * `ChatValidationError` for a malformed identifier.
 */
export function getIdentifierRawId(identifier: CommunicationIdentifier): string {
  const id = parseIdentifier(identifier, 'identifier');
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
      return teamsUserPrefix[id.cloud ?? 'public'] + id.microsoftTeamsUserId;
    case 'microsoftTeamsApp':
      return id.rawId ?? teamsAppPrefix[id.cloud ?? 'public'] + id.teamsAppId;
    case 'teamsExtensionUser':
      return (
        id.rawId ??
        `${extensionPrefix[id.cloud ?? 'public']}${id.resourceId}_${id.tenantId}_${id.userId}`
      );
    case 'unknown':
      return id.id;
  }
}

/** SDK identifier -> wire model. The argument name makes validation errors point at the caller's field. */
export function identifierToWire(
  identifier: unknown,
  argument: string,
): CommunicationIdentifierModel {
  const id = parseIdentifier(identifier, argument);
  const rawId = getIdentifierRawId(id);
  switch (id.kind) {
    case 'communicationUser':
      return { rawId, communicationUser: { id: id.communicationUserId } };
    case 'phoneNumber':
      return {
        rawId,
        phoneNumber: {
          value: id.phoneNumber,
          isAnonymous: id.isAnonymous,
          assertedId: id.assertedId,
        },
      };
    case 'microsoftTeamsUser':
      return {
        rawId,
        microsoftTeamsUser: {
          userId: id.microsoftTeamsUserId,
          isAnonymous: id.isAnonymous,
          cloud: id.cloud ?? 'public',
        },
      };
    case 'microsoftTeamsApp':
      return { rawId, microsoftTeamsApp: { appId: id.teamsAppId, cloud: id.cloud ?? 'public' } };
    case 'teamsExtensionUser':
      return {
        rawId,
        teamsExtensionUser: {
          userId: id.userId,
          tenantId: id.tenantId,
          resourceId: id.resourceId,
          cloud: id.cloud ?? 'public',
        },
      };
    case 'unknown':
      return { rawId };
  }
}

function cloud(value: string | undefined): CommunicationCloudEnvironment | undefined {
  return value !== undefined && clouds.has(value)
    ? (value as CommunicationCloudEnvironment)
    : undefined;
}

/**
 * Wire model -> SDK identifier. Tolerant: older responses lack `kind` (inferred from the nested
 * model) and new kinds become `{ kind: 'unknown', id: rawId }` instead of failing.
 */
export function identifierFromWire(
  model: CommunicationIdentifierModel,
): CommunicationIdentifierKind {
  const rawId = model.rawId;
  const kind =
    model.kind ??
    (model.communicationUser
      ? 'communicationUser'
      : model.phoneNumber
        ? 'phoneNumber'
        : model.microsoftTeamsUser
          ? 'microsoftTeamsUser'
          : model.microsoftTeamsApp
            ? 'microsoftTeamsApp'
            : model.teamsExtensionUser
              ? 'teamsExtensionUser'
              : 'unknown');
  if (kind === 'communicationUser' && model.communicationUser) {
    return { kind, communicationUserId: model.communicationUser.id };
  }
  if (kind === 'phoneNumber' && model.phoneNumber) {
    const { value, isAnonymous, assertedId } = model.phoneNumber;
    return { kind, phoneNumber: value, rawId, isAnonymous, assertedId };
  }
  if (kind === 'microsoftTeamsUser' && model.microsoftTeamsUser) {
    const { userId, isAnonymous, cloud: c } = model.microsoftTeamsUser;
    return { kind, microsoftTeamsUserId: userId, rawId, isAnonymous, cloud: cloud(c) };
  }
  if (kind === 'microsoftTeamsApp' && model.microsoftTeamsApp) {
    return {
      kind,
      teamsAppId: model.microsoftTeamsApp.appId,
      rawId,
      cloud: cloud(model.microsoftTeamsApp.cloud),
    };
  }
  if (kind === 'teamsExtensionUser' && model.teamsExtensionUser) {
    const { userId, tenantId, resourceId, cloud: c } = model.teamsExtensionUser;
    return { kind, userId, tenantId, resourceId, rawId, cloud: cloud(c) };
  }
  return { kind: 'unknown', id: rawId ?? '' };
}
