// Communication identifiers on the wire (Common 2025-06-30): read tolerantly from requests (kind may
// be missing; infer it from the nested model or the rawId), stored in one normalized form, written
// back with `kind` only for api-versions that have it.
import { badRequest } from './errors.ts';
import { requiredString } from './validate.ts';

export type Cloud = 'public' | 'dod' | 'gcch';

export interface WireIdentifier {
  rawId: string;
  kind: string;
  communicationUser?: { id: string };
  phoneNumber?: { value: string; isAnonymous?: boolean; assertedId?: string };
  microsoftTeamsUser?: { userId: string; isAnonymous?: boolean; cloud?: Cloud };
  microsoftTeamsApp?: { appId: string; cloud?: Cloud };
  teamsExtensionUser?: { userId: string; tenantId: string; resourceId: string; cloud?: Cloud };
}

const nestedKinds = [
  'communicationUser',
  'phoneNumber',
  'microsoftTeamsUser',
  'microsoftTeamsApp',
  'teamsExtensionUser',
] as const;
type NestedKind = (typeof nestedKinds)[number];

const acsPrefixes: Record<Cloud, string> = {
  public: '8:acs:',
  dod: '8:dod-acs:',
  gcch: '8:gcch-acs:',
};
const teamsUserPrefixes: Record<Cloud, string> = {
  public: '8:orgid:',
  dod: '8:dod:',
  gcch: '8:gcch:',
};
const teamsAppPrefixes: Record<Cloud, string> = {
  public: '28:orgid:',
  dod: '28:dod:',
  gcch: '28:gcch:',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function communicationUser(id: string): WireIdentifier {
  return { rawId: id, kind: 'communicationUser', communicationUser: { id } };
}

/** ACS user ids as the service issues them: `8:acs:`, `8:spool:`, `8:dod-acs:`, `8:gcch-acs:`. */
export function isAcsUserId(id: string): boolean {
  return /^8:(acs|spool|dod-acs|gcch-acs):[^\s_]+_[^\s_]+$/.test(id);
}

function cloudOf(value: unknown, target: string): Cloud {
  if (value === undefined || value === null) return 'public';
  if (value === 'public' || value === 'dod' || value === 'gcch') return value;
  throw badRequest(`Unknown cloud '${String(value)}'.`, `${target}.cloud`);
}

const nestedString = (model: Record<string, unknown>, key: string, target: string) =>
  requiredString(model, key, { nonEmpty: true, target: `${target}.${key}` });

function optionalBoolean(model: Record<string, unknown>, key: string, target: string) {
  const value = model[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw badRequest(`'${key}' must be a boolean.`, `${target}.${key}`);
  return value;
}

function fromNested(
  kind: NestedKind,
  model: Record<string, unknown>,
  target: string,
): WireIdentifier {
  const at = `${target}.${kind}`;
  switch (kind) {
    case 'communicationUser':
      return communicationUser(nestedString(model, 'id', at));
    case 'phoneNumber': {
      const value = nestedString(model, 'value', at);
      const isAnonymous = optionalBoolean(model, 'isAnonymous', at);
      const assertedId = typeof model.assertedId === 'string' ? model.assertedId : undefined;
      const rawId = isAnonymous
        ? '4:anonymous'
        : `4:${value.replace(/^\+/, '')}${assertedId ? `_${assertedId}` : ''}`;
      const phoneNumber: WireIdentifier['phoneNumber'] = { value };
      if (isAnonymous !== undefined) phoneNumber.isAnonymous = isAnonymous;
      if (assertedId !== undefined) phoneNumber.assertedId = assertedId;
      return { rawId, kind, phoneNumber };
    }
    case 'microsoftTeamsUser': {
      const userId = nestedString(model, 'userId', at);
      const isAnonymous = optionalBoolean(model, 'isAnonymous', at) ?? false;
      const cloud = cloudOf(model.cloud, at);
      const rawId = isAnonymous
        ? `8:teamsvisitor:${userId}`
        : `${teamsUserPrefixes[cloud]}${userId}`;
      return { rawId, kind, microsoftTeamsUser: { userId, isAnonymous, cloud } };
    }
    case 'microsoftTeamsApp': {
      const appId = nestedString(model, 'appId', at);
      const cloud = cloudOf(model.cloud, at);
      return {
        rawId: `${teamsAppPrefixes[cloud]}${appId}`,
        kind,
        microsoftTeamsApp: { appId, cloud },
      };
    }
    case 'teamsExtensionUser': {
      const userId = nestedString(model, 'userId', at);
      const tenantId = nestedString(model, 'tenantId', at);
      const resourceId = nestedString(model, 'resourceId', at);
      const cloud = cloudOf(model.cloud, at);
      return {
        rawId: `${acsPrefixes[cloud]}${resourceId}_${tenantId}_${userId}`,
        kind,
        teamsExtensionUser: { userId, tenantId, resourceId, cloud },
      };
    }
  }
}

/** The identifier a bare rawId stands for, by the official SDKs' prefix rules. */
export function fromRawId(rawId: string): WireIdentifier {
  if (rawId.startsWith('4:')) {
    const rest = rawId.slice(2);
    if (rest === 'anonymous') {
      return { rawId, kind: 'phoneNumber', phoneNumber: { value: 'anonymous', isAnonymous: true } };
    }
    return { rawId, kind: 'phoneNumber', phoneNumber: { value: `+${rest}` } };
  }
  if (rawId.startsWith('8:teamsvisitor:')) {
    const userId = rawId.slice('8:teamsvisitor:'.length);
    return {
      rawId,
      kind: 'microsoftTeamsUser',
      microsoftTeamsUser: { userId, isAnonymous: true, cloud: 'public' },
    };
  }
  for (const cloud of ['public', 'dod', 'gcch'] as const) {
    const teamsUser = teamsUserPrefixes[cloud];
    if (rawId.startsWith(teamsUser)) {
      const userId = rawId.slice(teamsUser.length);
      return {
        rawId,
        kind: 'microsoftTeamsUser',
        microsoftTeamsUser: { userId, isAnonymous: false, cloud },
      };
    }
    const teamsApp = teamsAppPrefixes[cloud];
    if (rawId.startsWith(teamsApp)) {
      return {
        rawId,
        kind: 'microsoftTeamsApp',
        microsoftTeamsApp: { appId: rawId.slice(teamsApp.length), cloud },
      };
    }
    const acs = acsPrefixes[cloud];
    if (rawId.startsWith(acs)) {
      // Three segments is a Teams extension user (resource_tenant_user); two is an ACS user.
      const parts = rawId.slice(acs.length).split('_');
      if (parts.length === 3 && parts.every((part) => part !== '')) {
        const [resourceId, tenantId, userId] = parts as [string, string, string];
        return {
          rawId,
          kind: 'teamsExtensionUser',
          teamsExtensionUser: { userId, tenantId, resourceId, cloud },
        };
      }
      return communicationUser(rawId);
    }
  }
  if (rawId.startsWith('8:spool:')) return communicationUser(rawId);
  return { rawId, kind: 'unknown' };
}

/**
 * Reads a CommunicationIdentifierModel from a request body. Structural errors (not an object, a
 * nested model without its required field) are 400s; whether the identifier is acceptable as a
 * participant is the store's call.
 */
export function parseIdentifier(value: unknown, target: string): WireIdentifier {
  if (!isRecord(value)) throw badRequest('The identifier must be an object.', target);
  const rawId = value.rawId;
  if (rawId !== undefined && rawId !== null && typeof rawId !== 'string') {
    throw badRequest("'rawId' must be a string.", `${target}.rawId`);
  }
  const kind = value.kind;
  if (kind !== undefined && kind !== null && typeof kind !== 'string') {
    throw badRequest("'kind' must be a string.", `${target}.kind`);
  }
  const present = nestedKinds.filter((k) => value[k] !== undefined && value[k] !== null);
  if (present.length > 1) {
    throw badRequest('At most one nested identifier model may be set.', target);
  }
  for (const k of present) {
    if (!isRecord(value[k])) throw badRequest(`'${k}' must be an object.`, `${target}.${k}`);
  }
  const wanted = (kind ?? present[0]) as string | undefined;
  const nested = present[0];
  if (nested !== undefined && (wanted === nested || wanted === undefined)) {
    return fromNested(nested, value[nested] as Record<string, unknown>, target);
  }
  if (typeof rawId === 'string' && rawId !== '') {
    // Unknown or future kinds are tolerated: the rawId is all the service needs.
    return fromRawId(rawId);
  }
  throw badRequest('The identifier has neither a nested model nor a rawId.', target);
}

/** Api-versions before 2023-11-07 answered identifiers without `kind`. */
export function toWire(id: WireIdentifier, withKind: boolean): WireIdentifier {
  if (withKind) return id;
  const { kind: _kind, ...rest } = id;
  return rest as WireIdentifier;
}
