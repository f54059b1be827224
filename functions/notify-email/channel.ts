import { SESv2Client } from '@aws-sdk/client-sesv2';
import { notificationEmail } from '#channels/notification-email.ts';
import { SesEmailChannel } from '#channels/ses-email-channel.ts';
import type { NotifierChannel } from '../notifier/notifier-channel.ts';

/** An email with the meeting's invite, as one raw MIME message, through SES. */
export const emailChannel: NotifierChannel<'email'> = {
  channel: 'email',
  delivery: { channel: 'email', build: notificationEmail, send: (email, message) => email.send(message) },
  port: (settings) => new SesEmailChannel(new SESv2Client({}), { configurationSetName: settings.SES_CONFIGURATION_SET }),
};
