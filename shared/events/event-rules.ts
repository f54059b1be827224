import { notificationChannels, type NotificationChannel } from '#domain/notification-types.ts';
import { EVENT_SOURCE, planningMeetingEventTypes, type PlanningMeetingEventType } from '#domain/planning-meeting-events.ts';

export { notificationChannels, type NotificationChannel };

/** An EventBridge event pattern, restricted to what the rules here use. */
export interface EventPattern {
  source: readonly string[];
  'detail-type': readonly PlanningMeetingEventType[];
}

export interface EventRule {
  /** Construct id of the rule and its target. */
  name: string;
  description: string;
  pattern: EventPattern;
  /** The notifier function the rule invokes, one per channel so that one channel's outage never holds up another. */
  target: { function: string; channel: NotificationChannel };
}

const everyChange: EventPattern = { source: [EVENT_SOURCE], 'detail-type': planningMeetingEventTypes };

/**
 * The one definition of how change events reach the notification functions: the CDK
 * app makes an EventBridge rule per entry (with retries and a dead-letter queue on
 * its target), and the local host's in-process bus evaluates the same patterns.
 */
export const eventRules: readonly EventRule[] = notificationChannels.map((channel) => ({
  name: `Notify${channel[0]!.toUpperCase()}${channel.slice(1)}`,
  description: `Planning meeting changes → ${channel} notifications`,
  pattern: everyChange,
  target: { function: `notify-${channel.toLowerCase()}`, channel },
}));

/** Pattern matching as EventBridge does it for these patterns: every field lists the values it accepts. */
export const matchesPattern = (pattern: EventPattern, event: { source: string; detailType: string }): boolean =>
  pattern.source.includes(event.source) && (pattern['detail-type'] as readonly string[]).includes(event.detailType);
