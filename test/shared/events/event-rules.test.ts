import { describe, expect, it } from 'vitest';
import { notificationChannels } from '#domain/notification-types.ts';
import { EVENT_SOURCE, planningMeetingEventTypes } from '#domain/planning-meeting-events.ts';
import { eventRules, matchesPattern } from '#events/event-rules.ts';

describe('the event rules (both buses read them)', () => {
  it('route every event type, the sweeper’s reminders included, to one notifier per channel', () => {
    expect(eventRules.map((rule) => rule.target.channel).sort()).toEqual([...notificationChannels].sort());
    for (const rule of eventRules) {
      for (const detailType of [...planningMeetingEventTypes, 'PlanningMeetingReminderDue']) {
        expect(matchesPattern(rule.pattern, { source: EVENT_SOURCE, detailType }), `${rule.name} ${detailType}`).toBe(true);
      }
      expect(matchesPattern(rule.pattern, { source: 'elsewhere', detailType: 'PlanningMeetingReminderDue' })).toBe(false);
    }
  });
});
