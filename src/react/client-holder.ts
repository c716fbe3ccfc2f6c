// The client ChatProvider owns. StrictMode unmounts and remounts effects without unmounting the
// tree; closing at once would break the thread clients children built during render. So the close
// waits a tick and a remount in between cancels it. A remount after the close (a hidden and shown
// <Activity>) gets a new client, and the provider re-renders its children with it.
import { ChatClient, type TokenCredentialLike } from '../core/index.ts';

export class ClientHolder {
  readonly #endpoint: string;
  readonly #credential: TokenCredentialLike;
  #client: ChatClient | undefined;
  #users = 0;
  #pendingClose: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;
  readonly #listeners = new Set<() => void>();

  constructor(endpoint: string, credential: TokenCredentialLike) {
    this.#endpoint = endpoint;
    this.#credential = credential;
  }

  /**
   * The client, created on first use. Once closed it stays closed until the next `retain`: a
   * request that outlives the provider (a retry after unmount) fails instead of opening a client
   * no one would close.
   */
  get client(): ChatClient {
    this.#client ??= new ChatClient(this.#endpoint, this.#credential);
    return this.#client;
  }

  /** Changes when the client is replaced (for useSyncExternalStore). */
  get generation(): number {
    return this.#generation;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Counts a mounted user; replaces the client if it had been closed. */
  retain(): void {
    this.#users++;
    clearTimeout(this.#pendingClose);
    this.#pendingClose = undefined;
    if (this.#client?.closed !== true) return;
    this.#client = new ChatClient(this.#endpoint, this.#credential);
    this.#generation++;
    for (const listener of this.#listeners) listener();
  }

  release(): void {
    this.#users--;
    if (this.#users > 0) return;
    clearTimeout(this.#pendingClose);
    this.#pendingClose = setTimeout(() => {
      this.#pendingClose = undefined;
      if (this.#users === 0) this.#client?.close();
    }, 0);
  }
}
