// Who the provider's client acts as: the root of every query key, so two users never share cached
// data. From the `userId` prop when given (no wait, and stable for SSR and persisted caches), else
// read from the credential's token.
import { useEffect, useState } from 'react';
import { parseTokenUserId, type TokenCredentialLike } from '../../core/index.ts';

const anonymous = new WeakMap<TokenCredentialLike, string>();
let anonymousCount = 0;

/** A key unique to this credential object, for tokens without a readable user id. */
function credentialKey(credential: TokenCredentialLike): string {
  let key = anonymous.get(credential);
  if (key === undefined) {
    key = `credential:${++anonymousCount}`;
    anonymous.set(credential, key);
  }
  return key;
}

/** The credential's user id from its token; the per-credential key when it has none or fails. */
export async function resolveUserId(credential: TokenCredentialLike): Promise<string> {
  try {
    const { token } = await credential.getToken();
    return parseTokenUserId(token) ?? credentialKey(credential);
  } catch {
    // The queries will report the credential's error themselves; the key only has to be unique.
    return credentialKey(credential);
  }
}

/** The user id, or undefined until the token has been read. */
export function useUserId(
  credential: TokenCredentialLike,
  explicit: string | undefined,
): string | undefined {
  const [resolved, setResolved] = useState<{ credential: TokenCredentialLike; userId: string }>();
  useEffect(() => {
    if (explicit !== undefined) return;
    let live = true;
    void resolveUserId(credential).then((userId) => {
      if (live) setResolved({ credential, userId });
    });
    return () => {
      live = false;
    };
  }, [credential, explicit]);
  if (explicit !== undefined) return explicit;
  return resolved?.credential === credential ? resolved.userId : undefined;
}
