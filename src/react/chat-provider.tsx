// The provider, its context and the hooks that read it. The provider gives the hooks a ChatClient
// (the app's, or one it makes and closes) and a QueryClient (the app's, or one of its own), and
// names the user every query key starts with, so two users never share a cache.
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ChatClient, ChatValidationError, type TokenCredentialLike } from '../core/index.ts';
import { noteRender, type ChurnWatch } from './credential/credential-churn.ts';
import type { ChatRealtimeSource } from './realtime/realtime-source.ts';
import { useLiveRealtime, type Live } from './realtime/live-realtime.ts';
import { startCacheFeeds } from './cache/cache-feeds.ts';
import { useUserId } from './credential/user-id.ts';
import type { ChatScope } from './types.ts';

interface CommonProps {
  /** The QueryClient to cache in. Default: the app's (from QueryClientProvider), else one of ours. */
  queryClient?: QueryClient;
  /**
   * The ACS user id (`8:acs:...`) the credential belongs to. Optional: without it the provider reads
   * it from the token before rendering children (showing `fallback` meanwhile). Pass it for SSR.
   */
  userId?: string;
  /** Shown while the user id is read from the token. Default: nothing. */
  fallback?: ReactNode;
  /**
   * Where real-time events come from. Default: our own `ChatRealtimeClient` (react-acs-chat/core)
   * for the provider's endpoint and credential (a `client` you pass gives its own), loaded on
   * demand after the first render where the platform has a `WebSocket`, started once and stopped
   * on unmount. `false`: none; the hooks poll where asked to. Or the official ChatClient
   * (`@azure/communication-chat`) after `startRealtimeNotifications()`, or anything with its
   * `on`/`off`: the app owns and stops it, and the provider listens while mounted. Every event
   * lands in the caches; while connected, the hooks do not poll and what events keep current is
   * not refetched on remount or refocus.
   */
  realtime?: ChatRealtimeSource | false;
  children?: ReactNode;
}

export type ChatProviderProps = CommonProps &
  (
    | {
        /** The resource endpoint, e.g. `https://<name>.communication.azure.com`. */
        endpoint: string;
        /** Our CommunicationTokenCredential or the official AzureCommunicationTokenCredential. */
        credential: TokenCredentialLike;
        client?: undefined;
      }
    | {
        /** A core client you built (e.g. with retry options); you close it, the provider never does. */
        client: ChatClient;
        endpoint?: string;
        credential?: TokenCredentialLike;
      }
  );

const ChatContext = createContext<ChatScope | undefined>(undefined);
const RealtimeContext = createContext<Live>({});

// The library's own QueryClient, used only when the app has none: the core client already retries
// transient failures with back-off, so a second layer of retries would only delay the error.
function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

interface Owned {
  endpoint: string;
  credential: TokenCredentialLike;
  client: ChatClient;
}

// Closes scheduled on unmount. StrictMode unmounts and remounts effects at once, and children built
// thread clients from the client during render: a remount within the tick cancels the close.
const closing = new WeakMap<ChatClient, ReturnType<typeof setTimeout>>();

/**
 * The client the provider makes for an endpoint and credential, closed on unmount. A new endpoint
 * or credential, or a remount after the close (a hidden <Activity> shown again), makes a new one.
 * A client made in a render React throws away has sent nothing and holds nothing.
 */
function useOwnedClient(endpoint?: string, credential?: TokenCredentialLike) {
  const make = (): Owned | undefined =>
    endpoint === undefined || credential === undefined
      ? undefined
      : { endpoint, credential, client: new ChatClient(endpoint, credential) };
  const [owned, setOwned] = useState(make);
  let current = owned;
  if (
    current?.endpoint !== endpoint ||
    current?.credential !== credential ||
    current?.client.closed === true
  ) {
    current = make();
    setOwned(current);
  }
  const client = current?.client;
  useEffect(() => {
    if (client === undefined) return;
    clearTimeout(closing.get(client));
    return () =>
      void closing.set(
        client,
        setTimeout(() => client.close(), 0),
      );
  }, [client]);
  return client;
}

function isCredential(value: unknown): value is TokenCredentialLike {
  const candidate = value as Partial<TokenCredentialLike> | null | undefined;
  return typeof candidate?.getToken === 'function' && typeof candidate.dispose === 'function';
}

/**
 * Props a JavaScript caller (or a cast) can get wrong, refused with the prop's name before any
 * hook runs: a missing one would otherwise surface as a TypeError deep inside, or a render loop.
 */
function assertProps(props: ChatProviderProps): void {
  const {
    client,
    endpoint,
    credential,
  }: { [K in 'client' | 'endpoint' | 'credential']?: unknown } = props;
  const fail = (prop: string, problem: string) => {
    throw new ChatValidationError(prop, `<ChatProvider> ${problem}`);
  };
  if (client !== undefined) {
    const given = client as Partial<ChatClient> & { startRealtimeNotifications?: unknown };
    if (typeof given.getChatThreadClient !== 'function' || !isCredential(given.credential)) {
      fail(
        'client',
        `expected a ChatClient from react-acs-chat${typeof given.startRealtimeNotifications === 'function' ? " (@azure/communication-chat's goes in realtime)" : ''}, or endpoint and credential.`,
      );
    }
    return;
  }
  if (typeof endpoint !== 'string') {
    fail(
      'endpoint',
      `needs endpoint="https://<name>.communication.azure.com", or a client.${credential === undefined ? ' The credential is missing too.' : ''}`,
    );
  }
  if (!isCredential(credential)) {
    fail(
      'credential',
      `needs credential={new CommunicationTokenCredential(...)}, made once outside render, or a client; got ${credential === undefined ? 'none' : typeof credential === 'string' ? 'a token string' : 'no getToken() and dispose()'}.`,
    );
  }
}

/**
 * Gives the hooks a ChatClient and a QueryClient. One client per endpoint + credential, closed on
 * unmount (StrictMode's remount keeps it open); a `client` you pass in is used as is.
 */
export function ChatProvider(props: ChatProviderProps): ReactNode {
  assertProps(props);
  const { client: given, endpoint, credential, queryClient, fallback = null, children } = props;
  const { realtime: source } = props;
  const [churn] = useState<ChurnWatch>(() => ({}));
  useEffect(() => {
    // Development only, as React decides it: the app's bundler replaces process.env.NODE_ENV, so
    // a production build drops this; a page without a bundler has no process, and warns nothing.
    try {
      if (process.env.NODE_ENV !== 'production')
        noteRender(churn, props, given ? 'client' : 'credential', given ?? credential);
    } catch {
      return;
    }
  });
  const owned = useOwnedClient(given ? undefined : endpoint, given ? undefined : credential);
  const client = given ?? owned!;
  const userId = useUserId(given?.credential ?? credential!, props.userId);
  const scope = useMemo<ChatScope | undefined>(
    () => (userId === undefined ? undefined : { client, endpoint: client.endpoint, userId }),
    [client, userId],
  );

  const appQueryClient = useContext(QueryClientContext);
  const [ownQueryClient] = useState(createQueryClient);
  const activeQueryClient = queryClient ?? appQueryClient ?? ownQueryClient;

  // One subscription per QueryClient and user, where caches feed each other.
  useEffect(() => scope && startCacheFeeds(activeQueryClient, scope), [activeQueryClient, scope]);
  const realtime = useLiveRealtime(source, scope, activeQueryClient);

  const body =
    scope === undefined ? (
      fallback
    ) : (
      <ChatContext.Provider value={scope}>
        <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>
      </ChatContext.Provider>
    );
  return activeQueryClient === appQueryClient ? (
    body
  ) : (
    <QueryClientProvider client={activeQueryClient}>{body}</QueryClientProvider>
  );
}

/** The scope for a hook, or an Error naming that hook outside <ChatProvider>. */
export function useScope(hook: string): ChatScope {
  const scope = useContext(ChatContext);
  if (scope === undefined) throw new Error(`${hook} must be used inside <ChatProvider>`);
  return scope;
}

/** The provider's client, endpoint and user: what the options factories take. */
export function useChatScope(): ChatScope {
  return useScope('useChatScope');
}

/** The provider's core ChatClient. Throws `Error('useChatClient must be used inside <ChatProvider>')` outside one. */
export function useChatClient(): ChatClient {
  return useScope('useChatClient').client;
}

/** The provider's live side (see useChatConnection): its source, and its listener once loaded. */
export function useRealtime(hook: string): Live {
  useScope(hook);
  return useContext(RealtimeContext);
}
