import { defaultCommunicationConfiguration, StoredCommunicationConfiguration } from '#domain/communication-configuration.ts';
import { planNotifications, renderSms, renderTemplate, templateValues } from '#domain/notification-planner.ts';
import { recipientKeyOf } from '#domain/attendees.ts';
import { backoffMs } from '#domain/backoff.ts';
import { channelErrorOf, type ChannelError } from '#channels/channel-ports.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { metricNames } from '#ports/metrics.ts';
import type { ChannelDelivery, ChannelMessage } from './channel-delivery.ts';
import type { NotificationChannel } from '#domain/notification-types.ts';

export interface DeliveryReport {
  sent: number;
  skipped: number;
  failed: number;
  /** Transient failures left for the event's next delivery. */
  retry: number;
}

const ATTEMPTS = 3;

const backoff = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, { baseMs: 100 })));

/**
 * One channel's notifications for one change event (SPEC §5). Each (event,
 * recipient, channel) is claimed in the table before it is sent, so redelivered
 * events send nothing twice; a claim left unsettled for five minutes (its notifier
 * stopped mid-send) is taken again, and the message built again is the same one
 * (decision 0003). Transient failures are retried here with backoff and,
 * if they persist, left claimable and reported so the event is delivered again;
 * permanent ones are recorded and do not hold up the other recipients. A
 * configuration failure (access denied, an unverified identity) is thrown: nothing
 * would go out until someone fixes the set-up. Failures are logged with their code
 * and counted (`FailedDeliveries`); the message keeps no address or number.
 */
export const deliverNotifications = async <C extends NotificationChannel>(
  deps: Dependencies,
  event: PlanningMeetingEvent,
  delivery: ChannelDelivery<C>,
  options: { pause?: (attempt: number) => Promise<void> } = {},
): Promise<DeliveryReport> => {
  const pause = options.pause ?? backoff;
  const { channel } = delivery;
  const report: DeliveryReport = { sent: 0, skipped: 0, failed: 0, retry: 0 };
  // The settings, the standard's name and the organisation's zone in one round trip, from the
  // five-second configuration copy (decision 0005): a notifier sends with settings at most seconds old.
  const records = await deps.records.readAllowingCopy([
    { kind: 'configuration', id: 'notifications' },
    { kind: 'standard', id: event.meeting.standardId },
    { kind: 'configuration', id: 'availability' },
  ]);
  const storedConfiguration = records.configuration('notifications');
  const configuration = storedConfiguration ? StoredCommunicationConfiguration.parse(storedConfiguration.data) : defaultCommunicationConfiguration;
  const planned = planNotifications(event, configuration).filter((notification) => notification.channels.includes(channel));
  if (planned.length === 0) return report;
  const standard = records.of('standard', event.meeting.standardId);
  const organisationTimeZone = records.configuration('availability')?.data.timeZone;
  const settingsOf = configuration.types;
  const port = deps.channels[channel];

  for (const notification of planned) {
    const recipientKey = recipientKeyOf(notification.recipient);
    if (!(await deps.notifications.claimDelivery(event.eventId, recipientKey, channel, deps.clock()))) {
      report.skipped += 1;
      continue;
    }
    const values = templateValues(event, notification.recipient, { standardName: standard?.data.name, organisationTimeZone, siteUrl: deps.siteUrl });
    const settings = settingsOf[notification.notificationType];
    const texts = { subject: renderTemplate(settings.subject, values), text: renderTemplate(settings.body, values), sms: renderSms(settings.sms, values) };
    const context = {
      notificationType: notification.notificationType,
      meetingId: event.meetingId,
      eventId: event.eventId,
      recipientUserId: notification.recipient.kind === 'user' ? notification.recipient.userId : null,
    };
    let message: ChannelMessage<C> | null | undefined;
    let failure: ChannelError | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      if (attempt > 0) await pause(attempt);
      try {
        // Built once, inside the attempt: a message that cannot be built fails as a send does (settled, logged, counted).
        message ??= await delivery.build({ event, planned: notification, texts, context, sender: deps.sender });
        if (message) await delivery.send(port, message);
        failure = undefined;
        break;
      } catch (error) {
        failure = channelErrorOf(error);
        if (failure.kind !== 'transient') break;
      }
    }
    // A configuration failure leaves the delivery claimable: once the set-up is fixed, a redriven event sends it.
    const outcome = !failure ? 'sent' : failure.kind === 'permanent' ? 'failed' : 'retry';
    await deps.notifications.settleDelivery(event.eventId, recipientKey, channel, outcome, deps.clock(), failure?.message);
    report[outcome] += 1;
    const fields = { eventId: event.eventId, channel, notificationType: notification.notificationType, outcome };
    if (!failure) {
      deps.logger.log('info', 'notification', fields);
      continue;
    }
    const error = { kind: failure.kind, code: failure.code, message: failure.message };
    if (failure.kind === 'transient') {
      deps.logger.log('warn', 'notification', { ...fields, error });
      continue;
    }
    deps.logger.log('error', 'notification', { ...fields, error });
    deps.metrics?.count(metricNames.failedDeliveries, 1, { channel, kind: failure.kind, code: failure.code });
    // Every later send would fail the same way: stop, and fail the invocation so the event is kept (retries, then the dead-letter queue).
    if (failure.kind === 'configuration') throw failure;
  }
  return report;
};
