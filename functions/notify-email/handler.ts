import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesEmailChannel } from '#channels/ses-email-channel.ts';
import { notifierHandler } from '../notifier/notifier.ts';

export const handler = notifierHandler('email', (settings) => ({
  email: new SesEmailChannel(new SESv2Client({}), { configurationSetName: settings.SES_CONFIGURATION_SET }),
}));
