// A credential made inside a component is a new object, so a new user, on every render of it: the
// provider makes a new client, reads a new token and refetches every query each time (one app saw
// 13 token requests and 6 list refetches in 6 s), and nothing fails. In development the provider
// says so, once.
import { useEffect, useRef } from 'react';

// "Most renders": a new object on 3 of the provider's last 4 renders from its parent. One switch of
// user now and then never comes close.
const recentRenders = 4;
const newOnMost = 3;

/**
 * True unless the app is built for production, as React decides it. Bundlers replace
 * `process.env.NODE_ENV`; a page loaded without one has no `process`, and then nothing warns.
 */
export function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
}

interface Seen {
  props?: object;
  value?: unknown;
  renders: boolean[];
  warned: boolean;
}

/**
 * Warns once per provider, in development, when `value` (its credential, or its client) is a new
 * object on most of its recent renders. `props` tells a render from the parent (new props) from
 * the provider's own re-render (the same props object), which cannot bring a new credential.
 */
export function useCredentialChurnWarning(
  props: object,
  name: 'credential' | 'client',
  value: unknown,
): void {
  const seen = useRef<Seen>({ renders: [], warned: false });
  useEffect(() => {
    const state = seen.current;
    if (state.warned || props === state.props || !isDevelopment()) return;
    if (state.props !== undefined) {
      state.renders = [...state.renders, value !== state.value].slice(-recentRenders);
    }
    state.props = props;
    state.value = value;
    if (state.renders.filter(Boolean).length < newOnMost) return;
    state.warned = true;
    console.warn(
      `<ChatProvider> got a new ${name} object on ${newOnMost} of its last ${recentRenders} renders. ` +
        'Each one is a new user to it: it makes a new client, fetches a token and refetches every query. ' +
        `Make the ${name} once, outside render: at module scope, in useState(() => ...), or in useMemo keyed by what it depends on.`,
    );
  });
}
