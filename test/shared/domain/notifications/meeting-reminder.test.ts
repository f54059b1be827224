import { describe, expect, it } from 'vitest';
import { CommunicationConfiguration, defaultCommunicationConfiguration } from '#domain/communication-configuration.ts';
import { armedAt, reminderDecision, type MeetingHistoryStep } from '#domain/notifications/meeting-reminder.ts';
import type { MeetingStatus } from '#domain/planning-meeting.ts';

const HOUR = 3_600_000;
const start = '2027-01-12T10:00:00Z';
const at = (hoursBeforeStart: number) => Date.parse(start) - hoursBeforeStart * HOUR;
const iso = (hoursBeforeStart: number) => new Date(at(hoursBeforeStart)).toISOString();
const meeting = (status: MeetingStatus = 'confirmed', bookedHoursBefore = 72) => ({ status, start, createdAt: iso(bookedHoursBefore) });
const booked = (hoursBefore: number): MeetingHistoryStep => ({ at: iso(hoursBefore), type: 'PlanningMeetingBooked', change: {} });

describe('the meeting reminder’s time (SPEC §5.1)', () => {
  it.each([
    { case: 'a day before by default, not earlier', now: at(25), decision: 'notNow' },
    { case: 'when the reminder time comes', now: at(24), decision: 'due' },
    { case: 'after a missed sweep, until the start', now: at(0.5), decision: 'due' },
    { case: 'never once the meeting started', now: at(0), decision: 'notNow' },
  ])('$case', ({ now, decision }) => {
    expect(reminderDecision(meeting(), [booked(72)], defaultCommunicationConfiguration.reminderLeadHours, now)).toBe(decision);
  });

  it('is off at 0 hours', () => {
    expect(reminderDecision(meeting(), [booked(72)], 0, at(1))).toBe('notNow');
  });

  it.each(['provisional', 'cancelled', 'rejected', 'expired'] as const)('is never sent for a %s meeting', (status) => {
    expect(reminderDecision(meeting(status), [booked(72)], 24, at(1))).toBe('notNow');
  });

  it('is none for a meeting booked, approved or moved after its reminder time', () => {
    expect(reminderDecision(meeting('confirmed', 10), [booked(10)], 24, at(9))).toBe('none');
    const approvedLate: MeetingHistoryStep[] = [
      { at: iso(72), type: 'PlanningMeetingProvisionallyBooked', change: {} },
      { at: iso(3), type: 'PlanningMeetingApproved', change: {} },
    ];
    expect(reminderDecision(meeting(), approvedLate, 24, at(2))).toBe('none');
    const movedLate: MeetingHistoryStep[] = [booked(72), { at: iso(5), type: 'PlanningMeetingUpdated', change: { fields: ['start', 'end'], previousStart: '2027-01-20T10:00:00Z' } }];
    expect(reminderDecision(meeting(), movedLate, 24, at(4))).toBe('none');
  });

  it('is still due after later changes that leave the time alone', () => {
    const history: MeetingHistoryStep[] = [
      booked(72),
      { at: iso(3), type: 'PlanningMeetingUpdated', change: { fields: ['location'] } },
      { at: iso(2), type: 'PlanningMeetingAttendeeAdded', change: {} },
    ];
    expect(armedAt(history)).toBe(iso(72));
    expect(reminderDecision(meeting(), history, 24, at(1))).toBe('due');
  });

  it('takes its lead time from the communication configuration: 24 hours by default, whole hours up to a week', () => {
    expect(CommunicationConfiguration.parse({}).reminderLeadHours).toBe(24);
    expect(CommunicationConfiguration.parse({ reminderLeadHours: 0 }).reminderLeadHours).toBe(0);
    expect(CommunicationConfiguration.safeParse({ reminderLeadHours: 1.5 }).success).toBe(false);
    expect(CommunicationConfiguration.safeParse({ reminderLeadHours: 169 }).success).toBe(false);
  });
});
