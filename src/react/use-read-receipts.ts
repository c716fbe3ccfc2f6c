import { useQuery } from '@tanstack/react-query';
import { useChatQueries } from './use-chat-queries.ts';

export interface UseReadReceiptsOptions {
  /** Poll every this many ms. Off by default. */
  refetchInterval?: number | false;
}

/** Who has read up to which message: one receipt per reader, the latest. */
export function useReadReceipts(threadId: string, options: UseReadReceiptsOptions = {}) {
  return useQuery({
    ...useChatQueries().readReceipts(threadId),
    refetchInterval: options.refetchInterval ?? false,
  });
}
