// A credential made inside a component is a new object, so a new user, on every render of it: the
// provider makes a new client, reads a new token and refetches every query each time (one app saw
// 13 token requests and 6 list refetches in 6 s), and nothing fails. In development the provider
// says so, once: it calls noteRender after each of its renders.

// "Most renders": a new object on 3 of the provider's last 4 renders from its parent. One switch of
// user now and then never comes close.
const recentRenders = 4;
const newOnMost = 3;

/** What one provider has seen of its renders; start with `{}`. */
export interface ChurnWatch {
  props?: object;
  value?: unknown;
  renders?: boolean[];
  warned?: boolean;
}

/**
 * Notes a render of the provider with `props`, whose credential (or client) is `value`, and warns
 * once when that was a new object on most of its recent renders from its parent.
 */
export function noteRender(
  watch: ChurnWatch,
  props: object,
  name: 'credential' | 'client',
  value: unknown,
): void {
  // The same props object is the provider's own re-render, which cannot bring a new credential.
  if (watch.warned || props === watch.props) return;
  if (watch.props !== undefined) {
    watch.renders = [...(watch.renders ?? []), value !== watch.value].slice(-recentRenders);
  }
  watch.props = props;
  watch.value = value;
  if ((watch.renders ?? []).filter(Boolean).length < newOnMost) return;
  watch.warned = true;
  console.warn(
    `<ChatProvider> got a new ${name} object on ${newOnMost} of its last ${recentRenders} renders. ` +
      'Each one is a new user to it: it makes a new client, fetches a token and refetches every query. ' +
      `Make the ${name} once, outside render: at module scope, in useState(() => ...), or in useMemo keyed by what it depends on.`,
  );
}
