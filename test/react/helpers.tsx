// Shared helpers for the React tests: a real emulator over HTTP, a QueryClient without TanStack
// retries (the core client retries), and a wrapper that renders hooks inside <ChatProvider>. What
// they open is closed when its scope ends: a test's after it, the file's (opened in beforeAll) after
// the file.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, renderHook, type RenderHookOptions } from '@testing-library/react';
import { afterAll, afterEach, beforeEach } from 'vitest';
import type { ReactNode } from 'react';
import {
  ChatClient,
  ChatProvider,
  chatKeys,
  CommunicationTokenCredential,
  type ChatKeys,
  type ChatScope,
  type TokenCredentialLike,
} from '../../src/react/index.ts';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import type { TestEmulator } from '../support/emulator.ts';

type Close = () => void;
const toClose: { test: Close[]; file: Close[] } = { test: [], file: [] };
let inTest = false;

function closeAll(list: Close[]) {
  for (const close of list.splice(0).reverse()) close();
}

/** Runs `close` when the current test ends, or the file if no test is running. */
function closeWithScope(close: Close) {
  toClose[inTest ? 'test' : 'file'].push(close);
}

beforeEach(() => {
  inTest = true;
});
// Vitest runs without globals, so Testing Library cannot register its own cleanup: unmount every
// tree after each test, or one test's screen leaks into the next one's queries. Then close what the
// test opened: a client left open keeps its polls' requests and timers going into the next test.
afterEach(() => {
  inTest = false;
  cleanup();
  closeAll(toClose.test);
});
afterAll(() => closeAll(toClose.file));

export const fastRetries = {
  retryOptions: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 10 },
};

/** A QueryClient without retries that keeps what it caches; emptied when its scope ends. */
export function newQueryClient(): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  closeWithScope(() => queryClient.clear());
  return queryClient;
}

/** A core client for `user` (fast retries), closed when its scope ends. */
export function openClient(
  emu: TestEmulator,
  user: EmulatorUser,
  options: { fetch?: typeof fetch; credential?: TokenCredentialLike } = {},
): ChatClient {
  const credential = options.credential ?? new CommunicationTokenCredential(user.token);
  const client = new ChatClient(emu.url, credential, { ...fastRetries, fetch: options.fetch });
  closeWithScope(() => client.close());
  return client;
}

export interface ChatHarness {
  queryClient: QueryClient;
  client: ChatClient;
  wrapper: (props: { children: ReactNode }) => ReactNode;
  scope: ChatScope;
  keys: ChatKeys;
}

/**
 * A core client (fast retries) for `user`, a QueryClient, and a wrapper giving both to hooks; the
 * client closed and the QueryClient emptied when their scope ends. `fetch` sees each request on its
 * way to the emulator (see test/support/holding-fetch.ts).
 */
export function harness(
  emu: TestEmulator,
  user: EmulatorUser,
  options: { queryClient?: QueryClient; fetch?: typeof fetch } = {},
): ChatHarness {
  const client = openClient(emu, user, { fetch: options.fetch });
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

/**
 * Hooks inside <ChatProvider> with no real-time source (`realtime={false}`): these tests are about
 * the caches, fetches and polls; the live side has tests of its own (live-default.test.tsx).
 */
export function wrapperFor(queryClient: QueryClient, client: ChatClient, userId: string) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={queryClient}>
        <ChatProvider client={client} userId={userId} realtime={false}>
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
