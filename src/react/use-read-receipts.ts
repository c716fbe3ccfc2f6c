import { useQuery } from '@tanstack/react-query';
import { readReceiptsQuery } from './chat-queries.ts';
import { pollUntilGone } from './poll-until-gone.ts';
import { useChatScope } from './use-chat-scope.ts';

export interface UseReadReceiptsOptions {
  /** Poll every this many ms, until the thread is gone (404). Off by default. */
  refetchInterval?: number | false;
}

/** Who has read up to which message: one receipt per reader, the latest. */
export function useReadReceipts(threadId: string, options: UseReadReceiptsOptions = {}) {
  return useQuery({
    ...readReceiptsQuery(useChatScope('useReadReceipts'), threadId),
    refetchInterval: pollUntilGone(options.refetchInterval ?? false),
  });
}
