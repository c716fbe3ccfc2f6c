// Identifiers shaped like the service's: thread ids `19:<base64url>@thread.v2`, ACS user ids
// `8:acs:<resourceId>_<guid>`, and `MS-CV` correlation vectors. Web Crypto only, so the Fetch handler
// also runs outside Node.

function randomBase64Url(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function newThreadId(): string {
  return `19:${randomBase64Url(32)}1@thread.v2`;
}

export function newUserId(resourceId: string): string {
  return `8:acs:${resourceId}_${crypto.randomUUID()}`;
}

export function newCorrelationVector(): string {
  return `${randomBase64Url(16)}.0`;
}

export function newGuid(): string {
  return crypto.randomUUID();
}
