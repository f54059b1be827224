import { notifierHandler } from '../notifier/notifier.ts';
import { emailChannel } from './channel.ts';

export const handler = notifierHandler(emailChannel);
