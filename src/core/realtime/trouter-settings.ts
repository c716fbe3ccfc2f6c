// The fixed values of ACS's real-time channel, as the official client (@azure/communication-chat
// 1.6.0, @azure/communication-signaling 1.0.0-beta.34 and the Trouter client it bundles) sends
// them. The service may depend on any of these: change none without checking the official client.

/** Who we are, where the value is informational (the configuration request's user agent). */
export const userAgent = 'react-acs-chat/0.1.0';

/** The configuration request's api-version: the signaling package's own, not the chat REST one. */
export const configApiVersion = '2024-09-01';

/** The Trouter client version, sent in the socket query's `tc`. */
const trouterClientVersion = '2024.14.01.55';
/** The signaling client's product name and version, in `tc`. */
export const clientInfo = `{"cv":"${trouterClientVersion}","ua":"acs-chat-web","hr":"","v":"1.0.0"}`;

/** What the registration says this client is; cloudType `int` swaps the app and template. */
export function clientDescription(cloudType: string) {
  const test = cloudType === 'int';
  return {
    appId: test ? 'cns-e2e-test' : 'AcsWeb',
    aesKey: '',
    languageId: 'en-US',
    platform: 'SPOOL',
    templateKey: test ? 'cns-e2e-test:1.8' : 'AcsWeb_Chat_2.1',
    platformUIVersion: '0.0.0',
  };
}

// Timeouts, as separate constants: a bundler writes each number where it is used.
/** From the allocation request to `trouter.connected`. */
export const connectMs = 20_000;
/** Each HTTP request. */
export const fetchMs = 10_000;
/** Between pings once connected; also the `timeout` query value, in seconds. */
export const pingIntervalMs = 40_000;
/** For a ping's ack. */
export const pongMs = 5_000;
/** For each `user.activity` ack, and between the two sent after connecting. */
export const userActivityMs = 10_000;
/** Added to the handshake's heartbeat and close timeouts: silence longer than that is a dead socket. */
export const watchdogGraceMs = 2_000;
/** The registrar's wait after a refusal other than 401 and 5xx. */
export const registrationRetryMs = 123_000;

/** The registration's TTL cap, in seconds (maxRegistrationTimeInMs 7200000). */
export const maxRegistrationTtlSeconds = 7200;
/** A registration is renewed this long before its TTL runs out. */
export const registrationRenewSeconds = 30;
/** The registrar's own 401 retries before it waits as for other refusals. */
export const maxRegistrationTokenRetries = 15;

/**
 * The official back-off: 1 s doubling per failure, ±20 %, capped at 50 s. `failures` counts the
 * failures before this wait, from 0.
 */
export function backoffMs(failures: number): number {
  return Math.min(
    50_000,
    Math.round(1000 * 2 ** Math.min(failures, 16) * (0.8 + Math.random() * 0.4)),
  );
}

/** A random version-4 UUID, where `crypto.randomUUID` is missing too (React Native). */
export function uuid(): string {
  const native = globalThis.crypto?.randomUUID?.bind(globalThis.crypto);
  if (native) return native();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) =>
    ((c === 'x' ? 0 : 8) + Math.floor(Math.random() * (c === 'x' ? 16 : 4))).toString(16),
  );
}

const cvCharacters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0987654321/+';

/** A correlation vector's base, as the Trouter client makes them: 21 characters and one of AQgw. */
export function correlationVectorBase(): string {
  let base = '';
  for (let i = 0; i < 21; i++) base += cvCharacters[Math.floor(Math.random() * 64)];
  return base + 'AQgw'[Math.floor(Math.random() * 4)];
}
