import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { channelErrorOf, type EmailChannel, type OutgoingEmail } from './channel-ports.ts';

/** Email through SES (SESv2 SendEmail with the raw MIME message, so the invite travels as built). */
export class SesEmailChannel implements EmailChannel {
  constructor(
    private readonly client: SESv2Client,
    private readonly settings: { configurationSetName?: string | undefined },
  ) {}

  async send(email: OutgoingEmail): Promise<void> {
    try {
      await this.client.send(
        new SendEmailCommand({
          Destination: { ToAddresses: [email.to] },
          Content: { Raw: { Data: Buffer.from(email.raw, 'utf8') } },
          ...(this.settings.configurationSetName ? { ConfigurationSetName: this.settings.configurationSetName } : {}),
          EmailTags: [
            { Name: 'notificationType', Value: email.notificationType },
          ],
        }),
      );
    } catch (error) {
      throw channelErrorOf(error);
    }
  }
}
