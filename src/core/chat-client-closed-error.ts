import { ChatError } from './chat-error.ts';

/** The client was closed: its requests were aborted and it takes no new ones. */
export class ChatClientClosedError extends ChatError {
  override name = 'ChatClientClosedError';

  constructor() {
    super('This ChatClient was closed. Create a new ChatClient to make more requests.', {
      code: 'ClientClosed',
    });
  }
}
