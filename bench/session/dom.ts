// A browser-like global scope for React in Node: jsdom's window, document and friends. Preloaded
// (node --import) before the session so React DOM finds them when it loads (it checks for a DOM
// once, at import time). Node's own fetch stays in place: requests go over real loopback HTTP to the emulator.
import { createRequire } from 'node:module';
import { WebSocket as WsWebSocket } from 'ws';

// jsdom ships no types and this is all we use of it: typed here rather than adding @types/jsdom.
interface JsdomConstructor {
  new (
    html: string,
    options: { url: string; pretendToBeVisual: boolean },
  ): {
    window: Record<string, unknown>;
  };
}
const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: JsdomConstructor };

const dom = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'http://localhost/',
  pretendToBeVisual: true, // provides requestAnimationFrame
});
const globals = globalThis as Record<string, unknown>;
for (const name of [
  'window',
  'document',
  'navigator',
  'HTMLElement',
  'Element',
  'Node',
  'Event',
  'MouseEvent',
  'KeyboardEvent',
  'MutationObserver',
  'getComputedStyle',
  'requestAnimationFrame',
  'cancelAnimationFrame',
]) {
  // Node 21+ has a read-only global navigator of its own: replace it rather than assign.
  Object.defineProperty(globalThis, name, {
    value: dom.window[name],
    configurable: true,
    writable: true,
  });
}
// Tells React that updates are wrapped in act(), as Testing Library does.
globals.IS_REACT_ACT_ENVIRONMENT = true;
// jsdom's Event class leaves Node's own WebSocket (undici's) unusable: it throws on open. The
// provider connects by default where a WebSocket exists, so the session gets a working one, `ws`'s.
globalThis.WebSocket = WsWebSocket as unknown as typeof globalThis.WebSocket;
