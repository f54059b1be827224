import { describe, expect, it } from 'vitest';
import { callerFromClaims, rolesFromClaim } from '#api/caller.ts';

describe('roles claim', () => {
  it.each([
    ['a JSON array', ['owner', 'epa'], ['owner', 'epa']],
    ["API Gateway's flattened form", '[owner epa]', ['owner', 'epa']],
    ['a JSON array in a string', '["owner","epa"]', ['owner', 'epa']],
    ['a space separated string', 'owner epa', ['owner', 'epa']],
    ['a single role', 'apprentice', ['apprentice']],
    ['unknown roles, dropped', '[owner wizard]', ['owner']],
    ['nothing', undefined, []],
    ['a number', 42, []],
  ])('reads %s', (_case, claim, roles) => {
    expect(rolesFromClaim(claim)).toEqual(roles);
  });

  it('takes the user id from sub and the roles from a configurable claim', () => {
    expect(callerFromClaims({ sub: 'u-1', 'custom:roles': '[epa]' }, 'custom:roles')).toEqual({ userId: 'u-1', roles: ['epa'] });
  });

  it('has no caller without sub', () => {
    expect(callerFromClaims({ roles: '[owner]' })).toBeUndefined();
  });
});
