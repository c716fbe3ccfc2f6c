// The react project runs in jsdom, whose globals leave Node's own WebSocket (undici's) unusable:
// it dispatches its events through jsdom's Event class and throws "The event argument must be an
// instance of Event" on open. A browser's WebSocket works, so the tests get a working one: the
// `ws` package's, real sockets to the emulator, as ChatProvider's default client finds it.
import { WebSocket } from 'ws';

globalThis.WebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
