import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesEmailChannel } from '#channels/ses-email-channel.ts';
import { emailDelivery } from '#use-cases/email-delivery.ts';
import type { NotifierChannel } from '../notifier/notifier-channel.ts';

export const emailChannel: NotifierChannel<'email'> = {
  channel: 'email',
  delivery: emailDelivery,
  port: (settings) => new SesEmailChannel(new SESv2Client({}), { configurationSetName: settings.SES_CONFIGURATION_SET }),
};
