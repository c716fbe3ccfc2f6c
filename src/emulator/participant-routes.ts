// Participants: list (maxPageSize/skip), add (partial success in invalidParticipants) and remove.
import { serviceLimits } from './service-limits.ts';
import { accessibleThread, chatRoute } from './chat-route.ts';
import { badRequest } from './errors.ts';
import { parseIdentifier } from './identifiers.ts';
import { skipPage } from './paging.ts';
import { parseParticipants } from './participant-input.ts';
import { jsonObject } from './request-body.ts';
import { empty, json } from './responses.ts';
import type { Route } from './routing.ts';
import type { EmulatorServices } from './services.ts';

export function participantRoutes(services: EmulatorServices): Route[] {
  const { store } = services;
  return [
    chatRoute(
      services,
      'GET',
      /^\/chat\/threads\/([^/]+)\/participants$/,
      serviceLimits.listParticipants,
      (context) => {
        const thread = accessibleThread(services, context.params[0]!, context.caller);
        const page = skipPage(
          context,
          services,
          [...thread.participants.values()],
          `/chat/threads/${thread.id}/participants`,
        );
        store.recordsVisited += page.items.length;
        return json(200, {
          value: page.items.map((participant) => context.wire.participant(participant)),
          nextLink: page.nextLink,
        });
      },
    ),

    chatRoute(
      services,
      'POST',
      /^\/chat\/threads\/([^/]+)\/participants\/:add$/,
      serviceLimits.changeParticipants,
      (context) => {
        const thread = accessibleThread(services, context.params[0]!, context.caller);
        const body = jsonObject(context);
        if (body.participants === undefined) {
          throw badRequest("'participants' is required.", 'participants');
        }
        const participants = parseParticipants(body.participants, 'participants');
        const invalid = store.addParticipants(thread, context.caller, participants, context.now);
        return json(201, invalid.length > 0 ? { invalidParticipants: invalid } : {});
      },
    ),

    chatRoute(
      services,
      'POST',
      /^\/chat\/threads\/([^/]+)\/participants\/:remove$/,
      serviceLimits.changeParticipants,
      (context) => {
        const thread = accessibleThread(services, context.params[0]!, context.caller);
        const body = jsonObject(context);
        const identifier = parseIdentifier(body, 'body');
        // Removing someone who is not (or no longer) in the thread changes nothing and succeeds.
        store.removeParticipant(thread, context.caller, identifier.rawId, context.now);
        return empty(204);
      },
    ),
  ];
}
