// An unsigned JWT with the claims a client reads: enough for credential tests, which never verify.
export function fakeJwt(expiresInSeconds: number, claims: Record<string, unknown> = {}): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ exp, ...claims })}.sig`;
}
