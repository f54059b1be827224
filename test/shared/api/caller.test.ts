import { describe, expect, it } from 'vitest';
import { bearerTokenClaims, callerFromClaims, rolesFromClaim } from '#api/caller.ts';

describe('roles claim', () => {
  it.each([
    ['a JSON array', ['owner', 'epa'], ['owner', 'epa']],
    ["API Gateway's flattened form", '[owner epa]', ['owner', 'epa']],
    ['the flattened form of one role', '[apprentice]', ['apprentice']],
    ['the flattened form of no roles', '[]', []],
    ['a JSON array as text', '["owner","epa"]', ['owner', 'epa']],
    ['a repeated role, once', ['epa', 'epa'], ['epa']],
    ['unknown roles, which grant nothing', '[owner wizard]', ['owner']],
    ['only unknown roles', ['wizard', 'admin'], []],
  ])('reads %s', (_case, claim, roles) => {
    expect(rolesFromClaim(claim)).toEqual(roles);
  });

  it.each([
    ['a bare role', 'apprentice'],
    ['a space separated string', 'owner epa'],
    ['a comma separated string', 'owner,epa'],
    ['the flattened form with commas', '[owner,epa]'],
    ['the flattened form with a doubled space', '[owner  epa]'],
    ['the flattened form with space inside the brackets', '[ owner]'],
    ['the flattened form with space around it', ' [owner]'],
    ['a role with spaces around it in an array', [' owner', 'epa ']],
    ['a role in another case', ['Owner', 'EPA']],
    ['a JSON object', '{"roles":["owner"]}'],
    ['broken JSON', '["owner"'],
    ['an array of non-strings', [1, null, { role: 'owner' }]],
    ['a number', 42],
    ['nothing', undefined],
  ])('grants nothing for %s', (_case, claim) => {
    expect(rolesFromClaim(claim)).toEqual([]);
  });
});

describe('caller', () => {
  it('takes the user id from sub and the roles from a configurable claim', () => {
    expect(callerFromClaims({ sub: 'u-1', exp: 1_900_000_000, 'custom:roles': '[epa]' }, 'custom:roles')).toEqual({ userId: 'u-1', roles: ['epa'] });
  });

  it('accepts exp as API Gateway hands it on, a string of digits', () => {
    expect(callerFromClaims({ sub: 'u-1', exp: '1900000000', roles: '[owner]' })).toEqual({ userId: 'u-1', roles: ['owner'] });
  });

  it('has no caller without sub', () => {
    expect(callerFromClaims({ roles: '[owner]', exp: 1_900_000_000 })).toBeUndefined();
  });

  it.each([
    ['no exp', {}],
    ['an exp that is not a time', { exp: 'never' }],
    ['an empty exp', { exp: '' }],
  ])('has no caller for a token with %s', (_case, exp) => {
    expect(callerFromClaims({ sub: 'u-1', roles: '[owner]', ...exp })).toBeUndefined();
  });
});

describe('caller with the token itself at hand', () => {
  const claims = { sub: 'u-1', exp: '1900000000', roles: '[apprentice owner]' };

  it.each([
    ['an element with a space', ['apprentice owner']],
    ['an element with a tab', ['owner\tepa']],
    ['an element with space around it', [' owner']],
    ['the same as JSON text', '["apprentice owner"]'],
  ])('refuses the token for %s, which the flattened form cannot carry', (_case, roles) => {
    expect(callerFromClaims(claims, 'roles', { sub: 'u-1', exp: 1_900_000_000, roles })).toBeUndefined();
  });

  it('reads the roles from the token, not from their flattened form', () => {
    expect(callerFromClaims(claims, 'roles', { sub: 'u-1', roles: ['apprentice', 'owner'] })).toEqual({ userId: 'u-1', roles: ['apprentice', 'owner'] });
    expect(callerFromClaims({ ...claims, roles: '[owner]' }, 'roles', { sub: 'u-1', roles: ['epa'] })).toEqual({ userId: 'u-1', roles: ['epa'] });
  });

  it('still grants nothing for elements that are no role, without refusing the token', () => {
    expect(callerFromClaims(claims, 'roles', { sub: 'u-1', roles: ['Owner', 42, 'epa'] })).toEqual({ userId: 'u-1', roles: ['epa'] });
  });

  it('refuses a token that is not the one the authorizer read', () => {
    expect(callerFromClaims(claims, 'roles', { sub: 'someone-else', roles: ['owner'] })).toBeUndefined();
  });
});

describe('bearer token claims', () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('are the payload of the token in the Authorization header', () => {
    expect(bearerTokenClaims(`Bearer ${part({ alg: 'RS256' })}.${part({ sub: 'u-1', roles: ['a b'] })}.sig`)).toEqual({ sub: 'u-1', roles: ['a b'] });
    expect(bearerTokenClaims(`bearer ${part({})}.${part({ sub: 'u-1' })}.sig`)).toEqual({ sub: 'u-1' });
  });

  it.each([
    ['no header', undefined],
    ['another scheme', `Basic ${part({ sub: 'u-1' })}`],
    ['two parts', `Bearer ${part({})}.${part({ sub: 'u-1' })}`],
    ['a payload that is not JSON', `Bearer ${part({})}.bm90IGpzb24.sig`],
    ['a payload that is an array', `Bearer ${part({})}.${part(['u-1'])}.sig`],
  ])('are undefined for %s', (_case, header) => {
    expect(bearerTokenClaims(header)).toBeUndefined();
  });
});
