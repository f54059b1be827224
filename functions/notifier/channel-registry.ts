import type { NotificationChannel } from '#domain/notification-types.ts';
import { emailChannel } from '../notify-email/channel.ts';
import { inAppChannel } from '../notify-inapp/channel.ts';
import { smsChannel } from '../notify-sms/channel.ts';
import type { NotifierChannel } from './notifier-channel.ts';

/**
 * Every notification channel, by id: a channel missing here does not compile. Local
 * mode runs them all in one process from this list; in AWS each notifier's handler
 * (`functions/notify-<channel>/handler.ts`) takes its own entry, so that its bundle
 * carries only its channel's client (nodemailer only in the email notifier's).
 */
export const channelRegistry: { readonly [C in NotificationChannel]: NotifierChannel<C> } = {
  email: emailChannel,
  sms: smsChannel,
  inApp: inAppChannel,
};
