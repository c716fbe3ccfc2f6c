// What every chat route does first: check api-version, authenticate the caller, and pick the wire
// serializers for that version. Plus the one rule for reaching a thread: 404 if it does not exist
// (or was deleted), 403 if the caller is not a participant.
import { chatApiVersion, hasIdentifierKind } from './api-version.ts';
import { authenticate } from './auth.ts';
import { forbidden, notFound } from './errors.ts';
import type { RequestContext, Route } from './routing.ts';
import type { EmulatorServices } from './services.ts';
import type { ThreadRecord } from './store.ts';
import { Wire } from './wire.ts';

export interface ChatContext extends RequestContext {
  apiVersion: string;
  wire: Wire;
  /** The caller's ACS user id (rawId). */
  caller: string;
}

export function chatRoute(
  services: EmulatorServices,
  method: string,
  pattern: RegExp,
  handle: (context: ChatContext) => Promise<Response> | Response,
): Route {
  return {
    method,
    pattern,
    async handle(context) {
      const apiVersion = chatApiVersion(context.url);
      const caller = await authenticate(context.request, services);
      return handle({
        ...context,
        apiVersion,
        caller,
        wire: new Wire(hasIdentifierKind(apiVersion)),
      });
    },
  };
}

export function accessibleThread(
  services: EmulatorServices,
  threadId: string,
  caller: string,
): ThreadRecord {
  const thread = services.store.threads.get(threadId);
  if (thread === undefined || thread.deletedOn !== undefined) {
    throw notFound('The chat thread does not exist.', 'chatThreadId');
  }
  if (!thread.participants.has(caller)) throw forbidden();
  return thread;
}

/** Thread ids in Location headers are written as the service writes them: `19%3A...@thread.v2`. */
export const encodeThreadId = (threadId: string) =>
  encodeURIComponent(threadId).replace(/%40/g, '@');
