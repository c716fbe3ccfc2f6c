// Shared helpers for the React tests: a real emulator over HTTP, a QueryClient without TanStack
// retries (the core client retries), and a wrapper that renders hooks inside <ChatProvider>.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, renderHook, type RenderHookOptions } from '@testing-library/react';
import { afterEach } from 'vitest';
import type { ReactNode } from 'react';
import {
  ChatClient,
  ChatProvider,
  chatKeys,
  CommunicationTokenCredential,
  type ChatKeys,
  type ChatScope,
} from '../../src/react/index.ts';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import type { TestEmulator } from '../support/emulator.ts';

// Vitest runs without globals, so Testing Library cannot register its own cleanup: unmount every
// tree after each test, or one test's screen leaks into the next one's queries.
afterEach(cleanup);

export const fastRetries = {
  retryOptions: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 10 },
};

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
}

export interface ChatHarness {
  queryClient: QueryClient;
  client: ChatClient;
  wrapper: (props: { children: ReactNode }) => ReactNode;
  scope: ChatScope;
  keys: ChatKeys;
}

/**
 * A core client (fast retries) for `user`, a QueryClient, and a wrapper giving both to hooks.
 * `fetch` sees each request on its way to the emulator (see test/support/holding-fetch.ts).
 */
export function harness(
  emu: TestEmulator,
  user: EmulatorUser,
  options: { queryClient?: QueryClient; fetch?: typeof fetch } = {},
): ChatHarness {
  const client = new ChatClient(emu.url, new CommunicationTokenCredential(user.token), {
    ...fastRetries,
    fetch: options.fetch,
  });
  const queryClient = options.queryClient ?? newQueryClient();
  const scope = { client, endpoint: client.endpoint, userId: user.userId };
  return {
    queryClient,
    client,
    wrapper: wrapperFor(queryClient, client, user.userId),
    scope,
    keys: chatKeys(scope),
  };
}

export function wrapperFor(queryClient: QueryClient, client: ChatClient, userId: string) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={queryClient}>
        <ChatProvider client={client} userId={userId}>
          {children}
        </ChatProvider>
      </QueryClientProvider>
    );
  };
}

export function renderChatHook<Result, Props>(
  h: ChatHarness,
  hook: (props: Props) => Result,
  options: Omit<RenderHookOptions<Props>, 'wrapper'> = {},
) {
  return renderHook(hook, { ...options, wrapper: h.wrapper });
}

/** Requests the emulator received for a path (below the endpoint) and method. */
export function requestsTo(emu: TestEmulator, method: string, path: RegExp) {
  return emu.emulator.requests.filter(
    (r) => r.method === method && path.test(new URL(r.url).pathname),
  );
}
