import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsChannel } from '#channels/sns-sms-channel.ts';
import { smsDelivery } from '#use-cases/sms-delivery.ts';
import { notifierHandler } from '../notifier/notifier.ts';

export const handler = notifierHandler(smsDelivery, (settings) => ({ sms: new SnsSmsChannel(new SNSClient({}), { senderId: settings.SMS_SENDER_ID }) }));
