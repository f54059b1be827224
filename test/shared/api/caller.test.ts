import { describe, expect, it } from 'vitest';
import { callerFromClaims, rolesFromClaim } from '#api/caller.ts';

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
