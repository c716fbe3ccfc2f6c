// User access tokens: RS256 JWTs with the claims real ACS tokens carry, signed by a key pair the
// emulator makes on first use. Clients read only `exp`; the emulator reads them all back.
import { unauthorized } from './errors.ts';
import { optionalPeer } from './optional-peer.ts';

const jose = optionalPeer('jose', 'to sign and check user tokens', () => import('jose'));

export interface VerifiedToken {
  userId: string;
  scopes: string[];
  issuedAtMs: number;
  /** The `exp` claim, in epoch milliseconds. */
  expiresOnMs: number;
}

/** The signing key pair as JWKs, for a data directory to keep. */
export interface StoredSigningKey {
  kid: string;
  privateKey: Record<string, unknown>;
  publicKey: Record<string, unknown>;
}

/** Where a kept emulator finds the key it signed with before, and saves a new one. */
export interface SigningKeyStore {
  load(): StoredSigningKey | undefined;
  save(key: StoredSigningKey): void;
}

/** Default lifetime, as the service: 24 hours. */
export const defaultTokenMinutes = 24 * 60;

export class TokenIssuer {
  readonly #resourceId: string;
  readonly #now: () => number;
  #keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; kid: string }> | undefined;

  readonly #keyStore: SigningKeyStore | undefined;

  constructor(resourceId: string, now: () => number, keyStore?: SigningKeyStore) {
    this.#resourceId = resourceId;
    this.#now = now;
    this.#keyStore = keyStore;
  }

  #keyPair() {
    this.#keys ??= this.#makeKeyPair();
    return this.#keys;
  }

  async #makeKeyPair() {
    const { generateKeyPair, exportJWK, importJWK } = await jose();
    const kept = this.#keyStore?.load();
    if (kept !== undefined) {
      const [privateKey, publicKey] = await Promise.all([
        importJWK(kept.privateKey, 'RS256'),
        importJWK(kept.publicKey, 'RS256'),
      ]);
      return {
        privateKey: privateKey as CryptoKey,
        publicKey: publicKey as CryptoKey,
        kid: kept.kid,
      };
    }
    const extractable = this.#keyStore !== undefined;
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable });
    const kid = crypto.randomUUID().replace(/-/g, '').toUpperCase();
    if (this.#keyStore !== undefined) {
      const [privateJwk, publicJwk] = await Promise.all([
        exportJWK(privateKey),
        exportJWK(publicKey),
      ]);
      this.#keyStore.save({
        kid,
        privateKey: privateJwk as Record<string, unknown>,
        publicKey: publicJwk as Record<string, unknown>,
      });
    }
    return { privateKey, publicKey, kid };
  }

  /**
   * `issuedAtMs` is the time the caller computed `expiresOnMs` from: reading the clock here instead,
   * after the first call's key generation, could land in the next second and make a 24-hour token
   * 86399 seconds long.
   */
  async issue(
    userId: string,
    scopes: string[],
    expiresOnMs: number,
    issuedAtMs = this.#now(),
  ): Promise<string> {
    const exp = Math.floor(expiresOnMs / 1000);
    const issuedAt = Math.floor(issuedAtMs / 1000);
    // A token that is already expired (tests ask for those) was issued an hour before it expired.
    const iat = exp > issuedAt ? issuedAt : exp - 3600;
    const { privateKey, kid } = await this.#keyPair();
    const { SignJWT } = await jose();
    return new SignJWT({
      skypeid: userId.replace(/^8:/, ''),
      scp: 1792,
      csi: String(iat),
      exp,
      iat,
      rgn: 'amer',
      acsScope: scopes.join(','),
      resourceId: this.#resourceId,
      resourceLocation: 'unitedstates',
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .sign(privateKey);
  }

  /** The token's user and scopes, or a 401 naming what is wrong with it. */
  async verify(token: string): Promise<VerifiedToken> {
    const { publicKey } = await this.#keyPair();
    const { jwtVerify } = await jose();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, publicKey, {
        algorithms: ['RS256'],
        currentDate: new Date(this.#now()),
      }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw unauthorized('The access token has expired.');
      throw unauthorized('The access token is not valid.');
    }
    const { skypeid, acsScope, resourceId, iat, exp } = payload as Record<string, unknown>;
    if (typeof skypeid !== 'string' || resourceId !== this.#resourceId) {
      throw unauthorized('The access token was not issued for this resource.');
    }
    return {
      userId: `8:${skypeid}`,
      scopes: typeof acsScope === 'string' ? acsScope.split(',').map((s) => s.trim()) : [],
      issuedAtMs: typeof iat === 'number' ? iat * 1000 : 0,
      // Every token this emulator signs has one; jose checked it is a number when present.
      expiresOnMs: typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY,
    };
  }
}
