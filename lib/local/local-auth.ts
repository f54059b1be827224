import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { RoleId } from '#domain/roles.ts';

export const LOCAL_ISSUER = 'urn:planning-meetings:local';
export const LOCAL_AUDIENCE = 'planning-meetings-local';

/**
 * Local mode signs its own tokens (HS256) so the same claims reach the handlers as
 * behind API Gateway's JWT authorizer. The key lives beside the data, so tokens
 * printed at one start still work after a restart.
 */
export class LocalTokenIssuer {
  private constructor(private readonly key: Uint8Array) {}

  static fromFile(path: string | undefined): LocalTokenIssuer {
    if (!path) return new LocalTokenIssuer(randomBytes(32));
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
    }
    return new LocalTokenIssuer(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
  }

  async issue(userId: string, roles: readonly RoleId[], rolesClaim: string, now: number, lifetimeSeconds = 30 * 24 * 3600): Promise<string> {
    const issuedAt = Math.floor(now / 1000);
    return new SignJWT({ [rolesClaim]: [...roles] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetimeSeconds)
      .sign(this.key);
  }

  /** The claims of a valid token, or undefined: the caller answers 401 either way. */
  async verify(token: string, now: number): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
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
