// What a live inbox loads on demand for its real-time source with our client: the size bench's
// live-inbox entry imports this module dynamically, as an app keeps real-time out of its first load.
import { ChatRealtimeClient } from '../src/core/index.ts';

/** Connects our client for the user with this token; resolves once connected. */
export async function connect(endpoint: string, token: string): Promise<ChatRealtimeClient> {
  const live = new ChatRealtimeClient(endpoint, token);
  await live.start();
  return live;
}
