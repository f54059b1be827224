import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Channels } from '#channels/channel-ports.ts';
import { SesEmailChannel } from '#channels/ses-email-channel.ts';
import { SnsSmsChannel } from '#channels/sns-sms-channel.ts';
import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import { embeddedMetrics } from '#ports/metrics.ts';
import { dependenciesBuiltBy, lambdaEnvironment } from '../dependencies.ts';
import { NotifierEnvironment } from '../lambda-environment.ts';
import { serviceDependencies } from '../service-dependencies.ts';

/** Which channel this notifier sends on (one function per channel, each the target of its own rule). */
export const environment = lambdaEnvironment(NotifierEnvironment);

/** Only the client of the notifier's own channel is made; the others are never used by it. */
export const dependencies = dependenciesBuiltBy(() => {
  const settings = environment();
  const deps = serviceDependencies(settings, {
    metrics: embeddedMetrics({ organisation: settings.ORGANISATION }, () => Date.now()),
  });
  const channels: Partial<Channels> =
    settings.CHANNEL === 'email'
      ? { email: new SesEmailChannel(new SESv2Client({}), { configurationSetName: settings.SES_CONFIGURATION_SET }) }
      : settings.CHANNEL === 'sms'
        ? { sms: new SnsSmsChannel(new SNSClient({}), { senderId: settings.SMS_SENDER_ID }) }
        : { inApp: new StoredInAppChannel(deps.notifications) };
  return { ...deps, channels: { ...deps.channels, ...channels } };
});
