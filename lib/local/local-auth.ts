import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { RoleId } from '#domain/roles.ts';

export const LOCAL_ISSUER = 'urn:planning-meetings:local';
export const LOCAL_AUDIENCE = 'planning-meetings-local';

/** How long a local token lives: a working day. `npm start` prints fresh ones at each start. */
export const LOCAL_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/**
 * Local mode signs its own tokens (HS256) so the same claims reach the handlers as
 * behind API Gateway's JWT authorizer. The key lives beside the data, so tokens
 * printed at one start still work after a restart.
 */
export class LocalTokenIssuer {
  /** The key imported once: handing jose raw bytes made it import them again for every token. */
  readonly #cryptoKey: Promise<webcrypto.CryptoKey>;

  private constructor(key: Uint8Array) {
    this.#cryptoKey = webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  static fromFile(path: string | undefined): LocalTokenIssuer {
    if (!path) return new LocalTokenIssuer(randomBytes(32));
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
    }
    return new LocalTokenIssuer(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
  }

  async issue(userId: string, roles: readonly RoleId[], rolesClaim: string, now: number, lifetimeSeconds = LOCAL_TOKEN_LIFETIME_SECONDS): Promise<string> {
    const issuedAt = Math.floor(now / 1000);
    return new SignJWT({ [rolesClaim]: [...roles] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetimeSeconds)
      .sign(await this.#cryptoKey);
  }

  /**
   * The claims of a valid token, or undefined: the caller answers 401 either way. Every
   * request's token is verified whole, as API Gateway's authorizer does. A token without
   * `exp` is refused: none issued here lacks one, and a token that never expires would
   * outlive any role change.
   */
  async verify(token: string, now: number): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, await this.#cryptoKey, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(now),
      });
      return payload;
    } catch {
      return undefined;
    }
  }
}

/** API Gateway hands claims to Lambda as strings, arrays flattened as "[a b]"; do the same. */
export const flattenClaims = (payload: JWTPayload): Record<string, string | number | boolean> =>
  Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string | number | boolean),
    ]),
  );
