import type { EventBridgeEvent } from 'aws-lambda';
import { NotificationChannel } from '#domain/notification-types.ts';
import { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { deliverNotifications } from '#use-cases/deliver-notifications.ts';
import { dependencies } from '../dependencies.ts';

const channel = NotificationChannel.parse(process.env.CHANNEL);

/**
 * One notifier per channel, each the target of its own EventBridge rule. Throwing
 * when a transient failure is left makes Lambda retry the event; deliveries already
 * made are not repeated (delivery records), and what never succeeds ends in the
 * target's dead-letter queue.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const deps = dependencies();
  const report = await deliverNotifications(deps, PlanningMeetingEvent.parse(event.detail), channel);
  if (report.retry > 0) throw new Error(`${report.retry} ${channel} notification(s) failed transiently; retrying the event`);
};
