import { ChatError } from './chat-error.ts';

const brand = Symbol.for('react-acs-chat.ChatValidationError');

/** An argument was rejected before any request was sent. `argument` names it. */
export class ChatValidationError extends ChatError {
  override name = 'ChatValidationError';
  readonly argument: string;
  readonly [brand] = true;

  /** @param argument The argument's path, e.g. `options.participants[0].id`. @param problem What is wrong and what to pass. */
  constructor(argument: string, problem: string) {
    super(`Invalid ${argument}: ${problem}`, { code: 'InvalidArgument', target: argument });
    this.argument = argument;
  }
}

/** True for a `ChatValidationError`, also one from another copy or realm of this library. */
export function isChatValidationError(error: unknown): error is ChatValidationError {
  return typeof error === 'object' && error !== null && brand in error;
}
