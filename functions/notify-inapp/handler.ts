import { notifierHandler } from '../notifier/notifier.ts';
import { inAppChannel } from './channel.ts';

export const handler = notifierHandler(inAppChannel);
