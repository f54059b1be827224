import { notifierHandler } from '../notifier/notifier.ts';
import { smsChannel } from './channel.ts';

export const handler = notifierHandler(smsChannel);
