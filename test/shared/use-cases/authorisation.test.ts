import { describe, expect, it } from 'vitest';
import { defaultPermissions, permissionsOf, type RoleId } from '#domain/roles.ts';
import type { Attendee } from '#domain/planning-meeting.ts';
import { mayBookFor, mayManage, seesEveryMeeting, type ApprenticeLinks } from '#use-cases/authorisation.ts';

const who = (userId: string, ...roles: RoleId[]) => {
  const caller = { userId, roles };
  return { caller, permissions: permissionsOf(caller, defaultPermissions) };
};

const record: ApprenticeLinks = { epaId: 'epa-1', providerUserIds: ['provider-1'], employerUserIds: ['employer-1'] };

describe('mayBookFor', () => {
  it.each([
    ['the apprentice themself', who('apprentice-1', 'apprentice'), 'apprentice-1', record, true],
    ['another apprentice', who('apprentice-2', 'apprentice'), 'apprentice-1', record, false],
    ['linked provider staff', who('provider-1', 'trainingprovider'), 'apprentice-1', record, true],
    ['provider staff not linked', who('provider-2', 'trainingprovider'), 'apprentice-1', record, false],
    ['provider staff named only among the employer staff', who('employer-1', 'trainingprovider'), 'apprentice-1', record, false],
    ['linked employer staff', who('employer-1', 'employer'), 'apprentice-1', record, true],
    ['employer staff not linked', who('employer-2', 'employer'), 'apprentice-1', record, false],
    ['linked staff of an unknown apprentice', who('provider-1', 'trainingprovider'), 'nobody', undefined, false],
    ['an owner', who('owner-1', 'owner'), 'apprentice-1', record, true],
    ['an AO user, for any apprentice', who('ao-9', 'awardingorganisation'), 'apprentice-1', record, true],
    ['the assigned EPA (no BookPlanningMeeting by default)', who('epa-1', 'epa'), 'apprentice-1', record, false],
    ['someone with no known role', who('apprentice-1'), 'apprentice-1', record, false],
  ])('%s', (_case, actor, apprenticeId, apprentice, expected) => {
    expect(mayBookFor(actor, apprenticeId, apprentice)).toBe(expected);
  });

  it('lets an EPA given BookPlanningMeeting book for the apprentices assigned to it only', () => {
    const caller = { userId: 'epa-1', roles: ['epa' as const] };
    const epa = { caller, permissions: new Set(['BookPlanningMeetingPreGatewaySubmission', 'ManagePlanningMeetings'] as const) };
    expect(mayBookFor(epa, 'apprentice-1', record)).toBe(true);
    expect(mayBookFor(epa, 'apprentice-2', { epaId: 'epa-2' })).toBe(false);
  });
});

const attendee = (userId: string): Attendee => ({ id: `a-${userId}`, kind: 'user', userId, role: 'other', name: userId, email: `${userId}@example.org` });
const meeting = { apprenticeId: 'apprentice-1', epaId: 'epa-1', attendees: [attendee('apprentice-1'), attendee('epa-1'), attendee('epa-3')] };

describe('mayManage', () => {
  it.each([
    ['the meeting’s EPA', who('epa-1', 'epa'), true],
    ['an EPA added as an attendee', who('epa-3', 'epa'), true],
    ['an EPA who does not attend', who('epa-2', 'epa'), false],
    ['an owner', who('owner-1', 'owner'), true],
    ['an AO user', who('ao-1', 'awardingorganisation'), true],
    ['the apprentice (no ManagePlanningMeetings)', who('apprentice-1', 'apprentice'), false],
    ['linked provider staff (no ManagePlanningMeetings)', who('provider-1', 'trainingprovider'), false],
  ])('%s', (_case, actor, expected) => {
    expect(mayManage(actor, meeting)).toBe(expected);
  });

  it('lets an EPA book directly only with itself as the EPA', () => {
    const draft = (epaId: string) => ({ apprenticeId: 'apprentice-2', epaId, attendees: [] });
    expect(mayManage(who('epa-1', 'epa'), draft('epa-1'))).toBe(true);
    expect(mayManage(who('epa-1', 'epa'), draft('epa-2'))).toBe(false);
    expect(mayManage(who('owner-1', 'owner'), draft('epa-2'))).toBe(true);
  });
});

describe('seesEveryMeeting', () => {
  it.each([
    ['an owner', who('o', 'owner'), true],
    ['an AO user', who('a', 'awardingorganisation'), true],
    ['an EPA', who('e', 'epa'), false],
    ['provider staff', who('p', 'trainingprovider'), false],
    ['employer staff', who('m', 'employer'), false],
    ['an apprentice', who('x', 'apprentice'), false],
  ])('%s', (_case, actor, expected) => {
    expect(seesEveryMeeting(actor)).toBe(expected);
  });
});
