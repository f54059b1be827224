import { DateTime } from 'luxon';
import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { AvailabilityConfiguration } from '#domain/configuration.ts';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME, StandardInput, type ApprenticeInput, type UserInput } from '#domain/directory.ts';
import type { RoleId } from '#domain/roles.ts';
import type { Dependencies } from '#ports/dependencies.ts';

/**
 * England and Wales bank holidays, skipped when notice is counted in working days: GOV.UK's
 * list (www.gov.uk/bank-holidays), and for the years it does not list yet the same regular
 * days (substitute days included). A one-off holiday announced later must be added here.
 */
export const englandAndWalesBankHolidays = [
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
  '2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26',
  '2029-01-01', '2029-03-30', '2029-04-02', '2029-05-07', '2029-05-28', '2029-08-27', '2029-12-25', '2029-12-26',
  '2030-01-01', '2030-04-19', '2030-04-22', '2030-05-06', '2030-05-27', '2030-08-26', '2030-12-25', '2030-12-26',
];

export const DEMO_OWNER_ID = 'demo-owner';
const DEMO_TIME_ZONE = 'Europe/London';

/** Exported for the sign-in page of the screens, which lists them. */
export const demoUsers: Record<string, UserInput> = {
  [DEMO_OWNER_ID]: { name: 'Olivia Owner', email: 'owner@demo.example.org', roles: ['owner'] },
  'demo-ao': { name: 'Arthur Awarding', email: 'ao@demo.example.org', roles: ['awardingorganisation'] },
  'epa-1': { name: 'Ada Lovelace', email: 'ada@demo.example.org', phone: '+447700900101', roles: ['epa'] },
  'epa-2': { name: 'Grace Hopper', email: 'grace@demo.example.org', phone: '+447700900102', roles: ['epa'] },
  'epa-3': { name: 'Alan Turing', email: 'alan@demo.example.org', roles: ['epa'], timeZone: 'Europe/London' },
  'demo-provider': { name: 'Priya Provider', email: 'provider@demo.example.org', roles: ['trainingprovider'] },
  'demo-employer': { name: 'Evan Employer', email: 'employer@demo.example.org', roles: ['employer'] },
  'apprentice-1': { name: 'Amira Apprentice', email: 'amira@demo.example.org', phone: '+447700900201', roles: ['apprentice'] },
  'apprentice-2': { name: 'Ben Apprentice', email: 'ben@demo.example.org', roles: ['apprentice'] },
  'apprentice-3': { name: 'Chloe Apprentice', email: 'chloe@demo.example.org', roles: ['apprentice'] },
  'apprentice-4': { name: 'Dev Apprentice', email: 'dev@demo.example.org', roles: ['apprentice'] },
  'apprentice-5': { name: 'Esme Apprentice', email: 'esme@demo.example.org', roles: ['apprentice'] },
  'apprentice-6': { name: 'Finn Apprentice', email: 'finn@demo.example.org', roles: ['apprentice'] },
};

/** Which demo user's token `npm start` prints for each role. */
export const demoUserOfRole: Record<RoleId, string> = {
  owner: DEMO_OWNER_ID,
  awardingorganisation: 'demo-ao',
  epa: 'epa-1',
  apprentice: 'apprentice-1',
  trainingprovider: 'demo-provider',
  employer: 'demo-employer',
};

const officeHours = (lunch: boolean): AvailabilityScheduleInput['weekly'] => {
  const day = lunch
    ? [{ start: '09:00', end: '12:30' }, { start: '13:30', end: '17:00' }]
    : [{ start: '10:00', end: '16:00' }];
  return { mon: day, tue: day, wed: day, thu: day, fri: lunch ? [{ start: '09:00', end: '12:30' }] : day, sat: [], sun: [] };
};

const demoSchedules: Record<string, AvailabilityScheduleInput> = {
  'epa-1': { timeZone: 'Europe/London', weekly: officeHours(true), overrides: [], maxMeetingsPerDay: 4 },
  'epa-2': { timeZone: 'Europe/London', weekly: officeHours(false), overrides: [], maxMeetingsPerDay: null },
  'epa-3': {
    timeZone: 'Europe/London',
    weekly: { ...officeHours(true), wed: [] },
    overrides: [],
    maxMeetingsPerDay: 3,
  },
};

const demoStandards: Record<string, StandardInput> = {
  ST0116: StandardInput.parse({ name: 'Software developer', meetingDurationMinutes: 60, availabilitySource: { type: 'default' } }),
  ST0119: StandardInput.parse({
    name: 'Software tester',
    meetingDurationMinutes: 90,
    slotIntervalMinutes: 30,
    availabilitySource: { type: 'apprenticeEpa' },
  }),
};

/**
 * The demo's apprentices. Three stages of the journey to EPA show three windows, with
 * dates counted from the day of seeding (`day(n)`: n days from today in London):
 * apprentice-1 approved (from now + notice), apprentice-5 submitted two days ago (from
 * the day after ten working days' processing and two working days' notice) and
 * apprentice-6 not yet submitted, expected to go into EPA in five weeks (later still).
 */
const demoApprentices = (day: (offset: number) => string): Record<string, ApprenticeInput> => ({
  'apprentice-1': {
    standardId: 'ST0116',
    epaId: 'epa-1',
    aoContactId: 'demo-ao',
    workplaceMentor: { name: 'Wendy Mentor', email: 'mentor@employer.example.org', phone: '+447700900301' },
    onProgrammeAssessor: { name: 'Oscar Assessor', email: 'assessor@provider.example.org' },
    // The demo's provider and employer staff work with apprentice-1 only: the others show what they may not see.
    providerUserIds: ['demo-provider'],
    employerUserIds: ['demo-employer'],
    gateway: { status: 'approved', estimatedEpaDate: day(21), submittedDate: day(-30), auditSubmittedDate: day(-7) },
  },
  'apprentice-2': { standardId: 'ST0116', epaId: null, aoContactId: 'demo-ao' },
  'apprentice-3': { standardId: 'ST0119', epaId: 'epa-2', aoContactId: null },
  'apprentice-4': { standardId: 'ST0119', epaId: null, aoContactId: null },
  // The provider's EPA date booking period (30 days before the EPA date) starts after the window opens: a provider is warned before picking.
  'apprentice-5': {
    standardId: 'ST0116',
    epaId: 'epa-2',
    aoContactId: 'demo-ao',
    providerUserIds: ['demo-provider'],
    gateway: { status: 'submitted', estimatedEpaDate: day(50), submittedDate: day(-2), auditSubmittedDate: null },
  },
  'apprentice-6': {
    standardId: 'ST0116',
    epaId: 'epa-3',
    aoContactId: 'demo-ao',
    providerUserIds: ['demo-provider'],
    gateway: { status: 'notSubmitted', estimatedEpaDate: day(35), submittedDate: null, auditSubmittedDate: null },
  },
});

const SEED = { by: 'demo-seed' };

/**
 * Seeds once (first start on a data folder) and afterwards only makes sure the
 * demo owner is there, so a second start keeps whatever the user changed. Users and
 * apprentices are written as the directory API writes them, with the entries that
 * the planning meeting listing and the directory search find them by; a data folder
 * from before those entries gets them at its next start (`rebuild` writes only what
 * is missing or differs).
 */
export const seedDemoData = async ({ records, listings }: Pick<Dependencies, 'records' | 'listings'>, now: number): Promise<'seeded' | 'kept'> => {
  const alreadySeeded = await records.get('configuration', 'availability');
  if (alreadySeeded) {
    if (!(await records.get('user', DEMO_OWNER_ID))) await listings.putUser(DEMO_OWNER_ID, demoUsers[DEMO_OWNER_ID]!, { ...SEED, now });
    await listings.rebuild();
    return 'kept';
  }
  const write = { ...SEED, now };
  await Promise.all(Object.entries(demoUsers).map(([id, user]) => listings.putUser(id, user, write)));
  await Promise.all(Object.entries(demoSchedules).map(([id, schedule]) => records.put('availability', id, schedule, write)));
  await Promise.all(Object.entries(demoStandards).map(([id, standard]) => records.put('standard', id, standard, write)));
  await records.put('group', SYSTEM_GROUP_ID, { name: SYSTEM_GROUP_NAME, memberIds: ['epa-1', 'epa-2', 'epa-3'] }, write);
  const today = DateTime.fromMillis(now, { zone: DEMO_TIME_ZONE }).startOf('day');
  const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
  await Promise.all(Object.entries(demoApprentices(day)).map(([id, apprentice]) => listings.putApprentice(id, apprentice, write)));
  // Written last: its presence is what marks the data folder as seeded.
  await records.put(
    'configuration',
    'availability',
    AvailabilityConfiguration.parse({
      minimumNotice: { amount: 2, unit: 'workingDays' },
      estimatedGatewayProcessingPeriod: { amount: 10, unit: 'workingDays' },
      bookingPeriodMaximum: { amount: 6, unit: 'months' },
      maximumAdvance: { amount: 12, unit: 'weeks' },
      bookingNoticeAdditionalInfo:
        'Please have your portfolio of evidence to hand. The planning meeting takes about an hour, online; your assessor sends the link.',
      epaDateBookingPeriodDays: 30,
      provisionalHoldHours: 72,
      nonWorkingDates: englandAndWalesBankHolidays,
      timeZone: DEMO_TIME_ZONE,
    }),
    write,
  );
  return 'seeded';
};
