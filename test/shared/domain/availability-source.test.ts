import { describe, expect, it } from 'vitest';
import { resolveAvailabilitySource, type SourceResolution } from '#domain/availability-source.ts';
import type { AvailabilitySource } from '#domain/directory.ts';
import { SYSTEM_GROUP_ID } from '#domain/directory.ts';
import { hours, weekly, weekdaysOnly } from '../../support/availability-fixtures.ts';

const working = { weekly: weekdaysOnly(hours('09:00-17:00')), overrides: [] };
const onlyAnOverride = { weekly: weekly({}), overrides: [{ date: '2027-01-04', intervals: hours('09:00-12:00') }] };
const noHours = { weekly: weekly({}), overrides: [{ date: '2027-01-04', intervals: [] }] };

const schedules = {
  'epa-1': working,
  'epa-2': working,
  'epa-3': onlyAnOverride,
  'epa-idle': noHours,
};

const groups = {
  [SYSTEM_GROUP_ID]: { memberIds: ['epa-2', 'epa-idle', 'epa-1', 'epa-unknown'] },
  'north-west': { memberIds: ['epa-3'] },
  'empty-group': { memberIds: [] },
  'idle-group': { memberIds: ['epa-idle', 'epa-unknown'] },
};

const unconfiguredSystemGroup = { ...groups, [SYSTEM_GROUP_ID]: { memberIds: ['epa-idle'] } };

const systemGroup = { type: 'group', groupId: SYSTEM_GROUP_ID } as const;

describe('source of availability (SPEC §3.1)', () => {
  const cases: Array<{
    case: string;
    setting: AvailabilitySource;
    epaId?: string | null;
    groups?: Record<string, { memberIds: string[] }>;
    expected: SourceResolution;
  }> = [
    // Default
    {
      case: 'default: the system group when configured, only its members with working hours',
      setting: { type: 'default' },
      epaId: 'epa-3',
      expected: { ok: true, source: systemGroup, resourceIds: ['epa-1', 'epa-2'] },
    },
    {
      case: 'default: falls back to the apprentice’s EPA when the system group is not configured',
      setting: { type: 'default' },
      epaId: 'epa-3',
      groups: unconfiguredSystemGroup,
      expected: { ok: true, source: { type: 'apprenticeEpa', epaId: 'epa-3' }, resourceIds: ['epa-3'] },
    },
    {
      case: 'default: falls back when the system group record is missing altogether',
      setting: { type: 'default' },
      epaId: 'epa-1',
      groups: {},
      expected: { ok: true, source: { type: 'apprenticeEpa', epaId: 'epa-1' }, resourceIds: ['epa-1'] },
    },
    {
      case: 'default: neither a configured group nor an EPA → the system group is what to fix',
      setting: { type: 'default' },
      epaId: null,
      groups: unconfiguredSystemGroup,
      expected: { ok: false, reason: 'GROUP_NOT_CONFIGURED', source: systemGroup },
    },
    {
      case: 'default: the fallback EPA has no working hours',
      setting: { type: 'default' },
      epaId: 'epa-idle',
      groups: unconfiguredSystemGroup,
      expected: { ok: false, reason: 'EPA_HAS_NO_AVAILABILITY', source: { type: 'apprenticeEpa', epaId: 'epa-idle' } },
    },
    // Apprentice's EPA
    {
      case: 'apprentice’s EPA: always that EPA, even with a configured system group',
      setting: { type: 'apprenticeEpa' },
      epaId: 'epa-3',
      expected: { ok: true, source: { type: 'apprenticeEpa', epaId: 'epa-3' }, resourceIds: ['epa-3'] },
    },
    {
      case: 'apprentice’s EPA: none assigned (null)',
      setting: { type: 'apprenticeEpa' },
      epaId: null,
      expected: { ok: false, reason: 'NO_EPA_ASSIGNED', source: null },
    },
    {
      case: 'apprentice’s EPA: none assigned (absent)',
      setting: { type: 'apprenticeEpa' },
      expected: { ok: false, reason: 'NO_EPA_ASSIGNED', source: null },
    },
    {
      case: 'apprentice’s EPA: assigned but without working hours',
      setting: { type: 'apprenticeEpa' },
      epaId: 'epa-idle',
      expected: { ok: false, reason: 'EPA_HAS_NO_AVAILABILITY', source: { type: 'apprenticeEpa', epaId: 'epa-idle' } },
    },
    {
      case: 'apprentice’s EPA: assigned but with no availability record at all',
      setting: { type: 'apprenticeEpa' },
      epaId: 'epa-new',
      expected: { ok: false, reason: 'EPA_HAS_NO_AVAILABILITY', source: { type: 'apprenticeEpa', epaId: 'epa-new' } },
    },
    // Group
    {
      case: 'group: the system group, chosen explicitly',
      setting: systemGroup,
      epaId: 'epa-3',
      expected: { ok: true, source: systemGroup, resourceIds: ['epa-1', 'epa-2'] },
    },
    {
      case: 'group: any group; an override counts as working hours',
      setting: { type: 'group', groupId: 'north-west' },
      expected: { ok: true, source: { type: 'group', groupId: 'north-west' }, resourceIds: ['epa-3'] },
    },
    {
      case: 'group: no fallback to the apprentice’s EPA when the group is not configured',
      setting: systemGroup,
      epaId: 'epa-1',
      groups: unconfiguredSystemGroup,
      expected: { ok: false, reason: 'GROUP_NOT_CONFIGURED', source: systemGroup },
    },
    {
      case: 'group: without members',
      setting: { type: 'group', groupId: 'empty-group' },
      expected: { ok: false, reason: 'GROUP_NOT_CONFIGURED', source: { type: 'group', groupId: 'empty-group' } },
    },
    {
      case: 'group: members without working hours',
      setting: { type: 'group', groupId: 'idle-group' },
      expected: { ok: false, reason: 'GROUP_NOT_CONFIGURED', source: { type: 'group', groupId: 'idle-group' } },
    },
    {
      case: 'group: a group that does not exist (deleted after the standard chose it)',
      setting: { type: 'group', groupId: 'gone' },
      epaId: 'epa-1',
      expected: { ok: false, reason: 'GROUP_NOT_CONFIGURED', source: { type: 'group', groupId: 'gone' } },
    },
  ];

  it.each(cases)('$case', ({ setting, epaId, groups: groupRecords = groups, expected }) => {
    const resolved = resolveAvailabilitySource({
      standard: { availabilitySource: setting },
      apprentice: epaId === undefined ? {} : { epaId },
      groups: groupRecords,
      schedules,
    });
    expect(resolved).toEqual(expected);
  });

  it('accepts Maps as well as plain records', () => {
    const resolved = resolveAvailabilitySource({
      standard: { availabilitySource: { type: 'default' } },
      apprentice: { epaId: null },
      groups: new Map(Object.entries(groups)),
      schedules: new Map(Object.entries(schedules)),
    });
    expect(resolved).toEqual({ ok: true, source: systemGroup, resourceIds: ['epa-1', 'epa-2'] });
  });

  it('does not mistake inherited object properties for records', () => {
    const resolved = resolveAvailabilitySource({
      standard: { availabilitySource: { type: 'group', groupId: 'constructor' } },
      apprentice: {},
      groups,
      schedules,
    });
    expect(resolved).toMatchObject({ ok: false, reason: 'GROUP_NOT_CONFIGURED' });
  });
});
