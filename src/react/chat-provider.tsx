import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import {
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { ChatClient, TokenCredentialLike } from '../core/index.ts';
import { ChatContext } from './chat-context.ts';
import type { ChatScope } from './chat-scope.ts';
import { ClientHolder } from './client-holder.ts';
import { useUserId } from './user-id.ts';

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

const noSubscription = () => () => undefined;

// The library's own QueryClient, used only when the app has none: the core client already retries
// transient failures with back-off, so a second layer of retries would only delay the error.
function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

/**
 * Gives the hooks a ChatClient and a QueryClient. One client per endpoint + credential, closed on
 * unmount (StrictMode's remount keeps it open); a `client` you pass in is used as is.
 */
export function ChatProvider(props: ChatProviderProps): ReactNode {
  const { client: given, endpoint, credential, queryClient, fallback = null, children } = props;
  const holder = useMemo(
    () => (given ? undefined : new ClientHolder(endpoint!, credential!)),
    [given, endpoint, credential],
  );
  useEffect(() => {
    if (holder === undefined) return;
    holder.retain();
    return () => holder.release();
  }, [holder]);
  // Changes when a remount replaced a closed client, so children re-render with the new one.
  const generation = useSyncExternalStore(
    holder?.subscribe ?? noSubscription,
    () => holder?.generation ?? 0,
    () => 0,
  );

  const userId = useUserId(given?.credential ?? credential!, props.userId);
  const scope = useMemo<ChatScope | undefined>(() => {
    if (userId === undefined) return undefined;
    if (given) return { client: given, endpoint: given.endpoint, userId };
    const owned = holder!;
    void generation; // a dependency: a new generation is a new scope
    return {
      get client() {
        return owned.client;
      },
      endpoint: owned.client.endpoint,
      userId,
    };
  }, [given, holder, userId, generation]);

  const appQueryClient = useContext(QueryClientContext);
  const [ownQueryClient] = useState(createQueryClient);
  const activeQueryClient = queryClient ?? appQueryClient ?? ownQueryClient;

  const body =
    scope === undefined ? (
      fallback
    ) : (
      <ChatContext.Provider value={scope}>{children}</ChatContext.Provider>
    );
  return activeQueryClient === appQueryClient ? (
    body
  ) : (
    <QueryClientProvider client={activeQueryClient}>{body}</QueryClientProvider>
  );
}
