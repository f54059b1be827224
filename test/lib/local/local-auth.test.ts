import { describe, expect, it } from 'vitest';
import { LocalTokenIssuer } from '#local/local-auth.ts';

const NOW = Date.parse('2027-01-06T10:00:00Z');

describe('local tokens', () => {
  it('accepts a token again and again until it expires, then refuses it, known or not', async () => {
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
