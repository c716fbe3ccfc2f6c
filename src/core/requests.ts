// Models -> wire request bodies, validating as they go.
import { identifierToWire } from './identifiers.ts';
import {
  assertDate,
  assertMetadata,
  assertObject,
  assertOptionalString,
  fail,
} from './validate.ts';

export function participantToWire(value: unknown, argument: string) {
  const participant = assertObject(value, argument);
  return {
    communicationIdentifier: identifierToWire(participant.id, `${argument}.id`),
    displayName: assertOptionalString(participant.displayName, `${argument}.displayName`, 256),
    shareHistoryTime: assertDate(
      participant.shareHistoryTime,
      `${argument}.shareHistoryTime`,
    )?.toISOString(),
    metadata: assertMetadata(participant.metadata, `${argument}.metadata`),
  };
}

/** The service takes at most this many participants in one create or add request. */
export const maxParticipantsPerRequest = 200;

export function participantsToWire(value: unknown, argument: string) {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(argument, 'expected an array of participants.');
  if (value.length > maxParticipantsPerRequest) {
    fail(
      argument,
      `the service takes at most ${maxParticipantsPerRequest} participants per request, got ${value.length}; add the rest with addParticipants.`,
    );
  }
  return value.map((participant, i) => participantToWire(participant, `${argument}[${i}]`));
}

export function retentionPolicyToWire(value: unknown, argument: string) {
  if (value === undefined) return undefined;
  const policy = assertObject(value, argument);
  if (policy.kind === 'none') return { kind: 'none' };
  if (policy.kind === 'threadCreationDate') {
    const days = policy.deleteThreadAfterDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 30 || days > 90) {
      fail(
        `${argument}.deleteThreadAfterDays`,
        'the service keeps a thread 30 to 90 days; expected a whole number in that range.',
      );
    }
    return { kind: 'threadCreationDate', deleteThreadAfterDays: days };
  }
  return fail(`${argument}.kind`, "expected 'threadCreationDate' or 'none'.");
}
