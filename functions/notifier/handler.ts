import type { EventBridgeEvent } from 'aws-lambda';
import { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { deliverNotifications } from '#use-cases/deliver-notifications.ts';
import { dependencies, environment } from './dependencies.ts';

/**
 * One notifier per channel, each the target of its own EventBridge rule. Throwing
 * makes Lambda retry the event (twice, then the target's dead-letter queue): when a
 * transient failure is left, and when the channel's set-up is wrong (a configuration
 * failure, thrown by the use case). Deliveries already made are not repeated
 * (delivery records), so a retried or redriven event sends only what is missing.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const channel = environment().CHANNEL;
  const report = await deliverNotifications(dependencies(), PlanningMeetingEvent.parse(event.detail), channel);
  if (report.retry > 0) throw new Error(`${report.retry} ${channel} notification(s) failed transiently; retrying the event`);
};
