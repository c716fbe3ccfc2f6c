// What every chat route does first: check api-version, authenticate the caller, count the request
// against the service's limits when they are on (service-limits.ts), and pick the wire serializers
// for that version. Plus the rules for reaching a thread (404 if it does not exist or
// was deleted, 403 if the caller is not a participant) and a message in it (404 if it does not
// exist or the caller's shareHistoryTime hides it: the same answer, so nothing reveals it exists).
import { chatApiVersion, hasIdentifierKind } from './api-version.ts';
import { authenticate } from './auth.ts';
import { forbidden, notFound } from './errors.ts';
import type { RequestContext, Route } from './routing.ts';
import type { Budget } from './service-limits.ts';
import type { EmulatorServices } from './services.ts';
import type { MessageRecord, ThreadRecord } from './store.ts';
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
  /** The budget it draws on when the service's limits are on: its row of the published table. */
  budget: Budget,
  handle: (context: ChatContext) => Promise<Response> | Response,
): Route {
  return {
    method,
    pattern,
    async handle(context) {
      const apiVersion = chatApiVersion(context.url);
      const caller = await authenticate(context.request, services);
      services.limits?.admit(budget, {
        caller,
        threadId: context.params[0],
        now: context.now,
      });
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
  // A removed participant is refused like anyone outside the thread. Fact: after removal, reads
  // of the thread (its participants, messages) answer 403 (Azure/Communication#345,
  // Azure/communication-ui-library#2777), while the thread stays in their GET /chat/threads "as if
  // the user is participating", unmarked: no deletedOn, no flag (#345; by design, said the ACS
  // team). Inferred: the same 403 for every other operation on the thread, the body's wording (see
  // forbidden()), and that their list entry keeps moving with the thread's later activity.
  if (!thread.participants.has(caller)) throw forbidden();
  return thread;
}

/** The earliest message the caller may see: shareHistoryTime hides what came before. */
export const historyStart = (thread: ThreadRecord, caller: string) =>
  thread.participants.get(caller)?.shareHistoryTime ?? 0;

export function visibleMessage(
  services: EmulatorServices,
  thread: ThreadRecord,
  messageId: string,
  caller: string,
): MessageRecord {
  const message = services.store.findMessage(thread, messageId);
  if (message === undefined || message.createdOn < historyStart(thread, caller)) {
    throw notFound('The chat message does not exist.', 'chatMessageId');
  }
  return message;
}

/** Thread ids in Location headers are written as the service writes them: `19%3A...@thread.v2`. */
export const encodeThreadId = (threadId: string) =>
  encodeURIComponent(threadId).replace(/%40/g, '@');
