// ChatParticipant objects in create-thread and add-participants requests.
import { badRequest } from './errors.ts';
import { parseIdentifier } from './identifiers.ts';
import { maxParticipantsPerRequest, type NewParticipant } from './store.ts';
import {
  checkMetadata,
  optionalDateTime,
  optionalString,
  optionalStringMap,
  withoutNulls,
} from './validate.ts';

export function parseParticipants(value: unknown, target: string): NewParticipant[] {
  if (!Array.isArray(value)) throw badRequest(`'${target}' must be an array.`, target);
  if (value.length > maxParticipantsPerRequest) {
    throw badRequest(
      `At most ${maxParticipantsPerRequest} participants can be given in one request.`,
      target,
    );
  }
  return value.map((item: unknown, index) => {
    const at = `${target}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw badRequest('A participant must be an object.', at);
    }
    const body = item as Record<string, unknown>;
    if (body.communicationIdentifier === undefined) {
      throw badRequest("'communicationIdentifier' is required.", `${at}.communicationIdentifier`);
    }
    const participant: NewParticipant = {
      identifier: parseIdentifier(body.communicationIdentifier, `${at}.communicationIdentifier`),
    };
    const displayName = optionalString(body, 'displayName', {
      maxLength: 256,
      target: `${at}.displayName`,
    });
    if (displayName !== undefined) participant.displayName = displayName;
    const shareHistoryTime = optionalDateTime(body, 'shareHistoryTime', `${at}.shareHistoryTime`);
    if (shareHistoryTime !== undefined) participant.shareHistoryTime = shareHistoryTime;
    const metadata = optionalStringMap(body, 'metadata', { target: `${at}.metadata` });
    if (metadata !== undefined) {
      participant.metadata = withoutNulls(metadata);
      checkMetadata(participant.metadata, `${at}.metadata`);
    }
    return participant;
  });
}
