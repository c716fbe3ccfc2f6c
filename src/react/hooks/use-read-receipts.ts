import { useQuery } from '@tanstack/react-query';
import type { ChatMessageReadReceipt } from '../../core/index.ts';
import { readReceiptsQuery, type ChatQueryHookOptions } from '../chat-queries.ts';
import type { ChatKey } from '../chat-keys.ts';
import { useScope } from '../chat-provider.tsx';
import { pollUntilGone } from '../realtime/poll-until-gone.ts';
import { useChatConnection } from './use-chat-connection.ts';

/**
 * What useReadReceipts takes: TanStack's options, e.g. `refetchInterval` to poll (a number polls
 * until the thread is gone: 404; never while the real-time source is connected).
 */
export type UseReadReceiptsOptions = ChatQueryHookOptions<
  ChatMessageReadReceipt[],
  ChatKey<'readReceipts'>
>;

/** Who has read up to which message: one receipt per reader, the latest. */
export function useReadReceipts(threadId: string, options?: UseReadReceiptsOptions) {
  const interval = options?.refetchInterval;
  // Receipts arrive as events while the real-time source is connected: no polling then.
  const connected = useChatConnection() === 'connected';
  return useQuery({
    ...readReceiptsQuery(useScope('useReadReceipts'), threadId),
    ...options,
    refetchInterval: connected
      ? false
      : typeof interval === 'number'
        ? pollUntilGone(interval)
        : interval,
  });
}
