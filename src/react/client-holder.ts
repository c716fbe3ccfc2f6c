// The client ChatProvider owns. StrictMode (and <Activity>) unmount and remount effects without
// unmounting the tree; closing at once would break the thread clients children built during render.
// So the close waits a tick and a remount in between cancels it; and a client that was closed
// anyway is replaced the next time anyone asks for it.
import { ChatClient, type ChatClientOptions, type TokenCredentialLike } from '../core/index.ts';

export class ClientHolder {
  readonly #endpoint: string;
  readonly #credential: TokenCredentialLike;
  readonly #options: ChatClientOptions | undefined;
  #client: ChatClient | undefined;
  #users = 0;
  #pendingClose: ReturnType<typeof setTimeout> | undefined;

  constructor(endpoint: string, credential: TokenCredentialLike, options?: ChatClientOptions) {
    this.#endpoint = endpoint;
    this.#credential = credential;
    this.#options = options;
  }

  /** The open client, created on first use. */
  get client(): ChatClient {
    if (this.#client === undefined || this.#client.closed) {
      this.#client = new ChatClient(this.#endpoint, this.#credential, this.#options);
    }
    return this.#client;
  }

  /** The endpoint as the client normalizes it, without creating a client for nothing. */
  get endpoint(): string {
    return this.client.endpoint;
  }

  retain(): void {
    this.#users++;
    clearTimeout(this.#pendingClose);
    this.#pendingClose = undefined;
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
