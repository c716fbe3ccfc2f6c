// Read receipts (the latest per reader; list with maxPageSize/skip) and typing notifications.
import { accessibleThread, chatRoute, visibleMessage } from './chat-route.ts';
import { serviceLimits } from './service-limits.ts';
import { skipPage } from './paging.ts';
import { jsonObject } from './request-body.ts';
import { empty, json } from './responses.ts';
import type { Route } from './routing.ts';
import type { EmulatorServices } from './services.ts';
import { optionalString, requiredString } from './validate.ts';

const receiptsPath = /^\/chat\/threads\/([^/]+)\/readReceipts$/;

export function receiptRoutes(services: EmulatorServices): Route[] {
  const { store } = services;
  return [
    chatRoute(services, 'GET', receiptsPath, serviceLimits.listReadReceipts, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      // One receipt per reader, with the spec's three fields (shapes as in the official SDK's
      // recordings: readOn in whole seconds, when the receipt was sent). Inferred: the receipt a
      // reader sent last replaces the earlier one even for an older message ("re-reading a message
      // adjusts the read list", Azure/azure-sdk-for-android#1889), and readers keep the order in
      // which they first sent one.
      const receipts = [...(thread.readReceipts?.values() ?? [])];
      const page = skipPage(context, services, receipts, `/chat/threads/${thread.id}/readReceipts`);
      store.recordsVisited += page.items.length;
      return json(200, {
        value: page.items.map((receipt) => context.wire.readReceipt(receipt)),
        nextLink: page.nextLink,
      });
    }),

    chatRoute(services, 'POST', receiptsPath, serviceLimits.sendReadReceipt, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const body = jsonObject(context);
      const messageId = requiredString(body, 'chatMessageId', { nonEmpty: true });
      // A message the reader's shareHistoryTime hides is as missing as one that never was.
      const message = visibleMessage(services, thread, messageId, context.caller);
      store.sendReadReceipt(thread, context.caller, message, context.now);
      return empty(200);
    }),

    chatRoute(
      services,
      'POST',
      /^\/chat\/threads\/([^/]+)\/typing$/,
      serviceLimits.sendTyping,
      (context) => {
        const thread = accessibleThread(services, context.params[0]!, context.caller);
        // The body is optional; when present it may name the sender.
        const body = jsonObject(context, {
          optional: true,
        });
        const displayName = optionalString(body, 'senderDisplayName', { maxLength: 256 });
        store.sendTyping(thread, context.caller, context.now, displayName);
        return empty(200);
      },
    ),
  ];
}
