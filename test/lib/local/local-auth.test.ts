import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalTokenIssuer } from '#local/local-auth.ts';

const NOW = Date.parse('2027-01-06T10:00:00Z');

describe('local tokens', () => {
  it('accepts a token again and again until it expires, then refuses it; an issuer with another key refuses it', async () => {
    const issuer = LocalTokenIssuer.fromFile(undefined);
    const token = await issuer.issue('demo-owner', ['owner'], 'roles', NOW, 60);
    expect((await issuer.verify(token, NOW))?.sub).toBe('demo-owner');
    expect((await issuer.verify(token, NOW + 59_000))?.sub).toBe('demo-owner');
    expect(await issuer.verify(token, NOW + 60_000)).toBeUndefined();
    expect(await LocalTokenIssuer.fromFile(undefined).verify(token, NOW)).toBeUndefined();
  });

  it('refuses a token whose signature does not match, even after the genuine one was accepted', async () => {
    const issuer = LocalTokenIssuer.fromFile(undefined);
    const token = await issuer.issue('demo-owner', ['owner'], 'roles', NOW);
    expect(await issuer.verify(token, NOW)).toBeDefined();
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')}.${signature}`;
    expect(await issuer.verify(forged, NOW)).toBeUndefined();
  });
});

describe('local tokens: lifetime and refused shapes', () => {
  const withKeyFile = () => {
    const directory = mkdtempSync(join(tmpdir(), 'local-auth-'));
    const path = join(directory, 'local-signing-key');
    const key = randomBytes(32);
    writeFileSync(path, key.toString('base64'));
    return { issuer: LocalTokenIssuer.fromFile(path), key, done: () => rmSync(directory, { recursive: true, force: true }) };
  };

  it('lives 12 hours by default', async () => {
    const issuer = LocalTokenIssuer.fromFile(undefined);
    const token = await issuer.issue('demo-owner', ['owner'], 'roles', NOW);
    const claims = await issuer.verify(token, NOW);
    expect(claims!.exp! - claims!.iat!).toBe(12 * 3600);
    expect(await issuer.verify(token, NOW + 12 * 3_600_000 - 1_000)).toBeDefined();
    expect(await issuer.verify(token, NOW + 12 * 3_600_000)).toBeUndefined();
  });

  it('refuses a token without exp, though signed with its own key', async () => {
    const { issuer, key, done } = withKeyFile();
    try {
      const signed = (builder: SignJWT) =>
        builder.setProtectedHeader({ alg: 'HS256' }).setSubject('demo-owner').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setIssuedAt(NOW / 1000).sign(key);
      expect(await issuer.verify(await signed(new SignJWT({ roles: ['owner'] }).setExpirationTime(NOW / 1000 + 60)), NOW)).toBeDefined();
      expect(await issuer.verify(await signed(new SignJWT({ roles: ['owner'] })), NOW)).toBeUndefined();
    } finally {
      done();
    }
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const issuer = LocalTokenIssuer.fromFile(undefined);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'demo-owner', roles: ['owner'], iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: NOW / 1000 + 60 })}.`;
    expect(await issuer.verify(unsigned, NOW)).toBeUndefined();
  });
});
