// What a live inbox loads on demand for its real-time source with the official client: the
// counterpart of live-source.ts, the official ChatClient (with @azure/communication-common's
// credential) started for real-time notifications.
import { ChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';

/** Starts the official client's real-time notifications for the user with this token. */
export async function connect(endpoint: string, token: string): Promise<ChatClient> {
  const client = new ChatClient(endpoint, new AzureCommunicationTokenCredential(token));
  await client.startRealtimeNotifications();
  return client;
}
