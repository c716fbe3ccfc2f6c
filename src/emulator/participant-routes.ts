// Participants: list (maxPageSize/skip), add (partial success in invalidParticipants) and remove.
import { accessibleThread, chatRoute } from './chat-route.ts';
import { badRequest } from './errors.ts';
import { parseIdentifier } from './identifiers.ts';
import { nextLink, pageSize, skip } from './paging.ts';
import { parseParticipants } from './participant-input.ts';
import { jsonObject } from './request-body.ts';
import { empty, json } from './responses.ts';
import type { Route } from './routing.ts';
import type { EmulatorServices } from './services.ts';

export function participantRoutes(services: EmulatorServices): Route[] {
  const { store } = services;
  return [
    chatRoute(services, 'GET', /^\/chat\/threads\/([^/]+)\/participants$/, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const size = pageSize(context.url, services);
      const from = skip(context.url);
      // At most 250 participants: walking to `skip` is cheap.
      const all = [...thread.participants.values()];
      const page = all.slice(from, from + size);
      store.recordsVisited += page.length;
      const result: Record<string, unknown> = {
        value: page.map((participant) => context.wire.participant(participant)),
      };
      if (from + size < all.length) {
        result.nextLink = nextLink(context.base, `/chat/threads/${thread.id}/participants`, {
          skip: from + size,
          maxPageSize: size,
          apiVersion: context.apiVersion,
        });
      }
      return json(200, result);
    }),

    chatRoute(services, 'POST', /^\/chat\/threads\/([^/]+)\/participants\/:add$/, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const body = jsonObject(context.body, context.request.headers.get('content-type'));
      if (body.participants === undefined) {
        throw badRequest("'participants' is required.", 'participants');
      }
      const participants = parseParticipants(body.participants, 'participants');
      const invalid = store.addParticipants(thread, context.caller, participants, context.now);
      return json(201, invalid.length > 0 ? { invalidParticipants: invalid } : {});
    }),

    chatRoute(services, 'POST', /^\/chat\/threads\/([^/]+)\/participants\/:remove$/, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const body = jsonObject(context.body, context.request.headers.get('content-type'));
      const identifier = parseIdentifier(body, 'body');
      // Removing someone who is not (or no longer) in the thread changes nothing and succeeds.
      store.removeParticipant(thread, context.caller, identifier.rawId, context.now);
      return empty(204);
    }),
  ];
}
