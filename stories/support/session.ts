// Signing in for the stories. On the embedded emulator (the default) the dev server makes an
// emulator for this visit (POST /acs/visits) and the token comes from its Identity API, which runs
// with open identity; on a real ACS
// resource (STORYBOOK_ACS_ENDPOINT) from STORYBOOK_ACS_TOKEN or STORYBOOK_ACS_TOKEN_URL. A real app
// fetches tokens from its own server the same way: the access key never reaches the browser.
import { CommunicationTokenCredential } from '../../src/core/index.ts';
import type { DemoPerson, DemoVisit } from './cast.ts';

export type SignInAs =
  /** The demo user: an inbox of seeded threads. */
  | 'me'
  /** A user with 10,000 threads. */
  | 'bulk'
  /** A brand-new user: an empty inbox. */
  | 'newcomer';

export interface ChatSession {
  /** Unique per sign-in: a new session remounts the story's providers. */
  id: number;
  mode: 'emulator' | 'acs';
  endpoint: string;
  credential: CommunicationTokenCredential;
  user: DemoPerson;
  /** Others to add to new threads. */
  people: DemoPerson[];
  /** The seeded long conversation (on the emulator, signed in as the demo user). */
  conversationThreadId?: string;
}

const identityApiVersion = '2023-10-01';
let sessions = 0;
const env = import.meta.env;

/** The real ACS resource the stories point at, or undefined for the emulator. Tests always use the emulator. */
export function realAcsEndpoint(): string | undefined {
  if (env.MODE === 'test') return undefined;
  return env.STORYBOOK_ACS_ENDPOINT?.trim() || undefined;
}

async function openVisit(as: SignInAs): Promise<DemoVisit> {
  const response = await fetch(`${window.location.origin}/acs/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as }),
  });
  if (!response.ok) throw new Error(`The dev server could not open a visit: ${response.status}.`);
  return (await response.json()) as DemoVisit;
}

async function identity<T>(endpoint: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${endpoint}/identities${path}?api-version=${identityApiVersion}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`The emulator's Identity API answered ${response.status}.`);
  return (await response.json()) as T;
}

const issueToken = async (endpoint: string, userId: string) =>
  (
    await identity<{ token: string }>(
      endpoint,
      `/${encodeURIComponent(userId)}/:issueAccessToken`,
      { scopes: ['chat'] },
    )
  ).token;

/** The user id inside an ACS token: `8:` + its `skypeid` claim. */
function userIdOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
    skypeid?: string;
  };
  if (!claims.skypeid) throw new Error('The ACS token has no skypeid claim.');
  return `8:${claims.skypeid}`;
}

async function fetchTokenFrom(url: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(url, { signal: signal ?? null });
  if (!response.ok) throw new Error(`STORYBOOK_ACS_TOKEN_URL answered ${response.status}.`);
  const text = (await response.text()).trim();
  if (!text.startsWith('{')) return text;
  const body = JSON.parse(text) as { token?: string; accessToken?: { token?: string } };
  const token = body.token ?? body.accessToken?.token;
  if (!token) throw new Error('STORYBOOK_ACS_TOKEN_URL answered JSON without a token.');
  return token;
}

function peopleFromEnv(): DemoPerson[] {
  return (env.STORYBOOK_ACS_PEOPLE ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf('=');
      return at < 0
        ? { userId: entry, displayName: entry }
        : { userId: entry.slice(0, at), displayName: entry.slice(at + 1) };
    });
}

async function realAcsSession(endpoint: string): Promise<ChatSession> {
  const tokenUrl = env.STORYBOOK_ACS_TOKEN_URL?.trim();
  let credential: CommunicationTokenCredential;
  if (tokenUrl) {
    const token = await fetchTokenFrom(tokenUrl);
    credential = new CommunicationTokenCredential({
      token,
      tokenRefresher: (signal) => fetchTokenFrom(tokenUrl, signal),
    });
  } else if (env.STORYBOOK_ACS_TOKEN?.trim()) {
    credential = new CommunicationTokenCredential(env.STORYBOOK_ACS_TOKEN.trim());
  } else {
    throw new Error(
      'STORYBOOK_ACS_ENDPOINT is set: also set STORYBOOK_ACS_TOKEN or STORYBOOK_ACS_TOKEN_URL.',
    );
  }
  const { token } = await credential.getToken();
  return {
    id: ++sessions,
    mode: 'acs',
    endpoint,
    credential,
    user: { userId: userIdOf(token), displayName: 'You' },
    people: peopleFromEnv(),
  };
}

/** Signs in for a story: on the emulator, in an emulator of the visit's own. */
export async function openSession(as: SignInAs = 'me'): Promise<ChatSession> {
  const realEndpoint = realAcsEndpoint();
  if (realEndpoint !== undefined) return realAcsSession(realEndpoint);
  const { path, user, people, conversationThreadId } = await openVisit(as);
  const endpoint = `${window.location.origin}${path}`;
  const token = await issueToken(endpoint, user.userId);
  return {
    id: ++sessions,
    mode: 'emulator',
    endpoint,
    // Refreshes through the Identity API too, as an app would through its token endpoint.
    credential: new CommunicationTokenCredential({
      token,
      tokenRefresher: () => issueToken(endpoint, user.userId),
    }),
    user,
    people,
    ...(conversationThreadId === undefined ? {} : { conversationThreadId }),
  };
}

/** Another person of the same visit, signed in on the same emulator (for two-person stories). */
export async function sessionAs(session: ChatSession, person: DemoPerson): Promise<ChatSession> {
  if (session.mode !== 'emulator')
    throw new Error('Only the emulator can sign in as someone else.');
  const { endpoint } = session;
  const token = await issueToken(endpoint, person.userId);
  return {
    ...session,
    id: ++sessions,
    credential: new CommunicationTokenCredential({
      token,
      tokenRefresher: () => issueToken(endpoint, person.userId),
    }),
    user: person,
    people: [session.user, ...session.people.filter((p) => p.userId !== person.userId)],
  };
}

/** The session a story's loader opened (in play functions, beforeEach and render). */
export const sessionOf = (context: { loaded: Record<string, unknown> }) =>
  context.loaded.session as ChatSession;
