import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesEmailChannel } from '#channels/ses-email-channel.ts';
import { emailDelivery } from '#use-cases/email-delivery.ts';
import { notifierHandler } from '../notifier/notifier.ts';

export const handler = notifierHandler(emailDelivery, (settings) => ({
  email: new SesEmailChannel(new SESv2Client({}), { configurationSetName: settings.SES_CONFIGURATION_SET }),
}));
