import * as z from 'zod';
import { DEFAULT_ROLES_CLAIM } from '#api/caller.ts';

/**
 * The settings `lib/aws/lambda-function.ts` gives a function, by what the function
 * builds. There are no fallbacks: a function deployed without one of them would
 * publish to the wrong bus or send from an address nobody verified.
 */
const set = (name: string) => z.string({ error: `${name} is not set` }).trim().min(1, `${name} is empty`);

/** Every function that reads or writes the table. */
export const ServiceEnvironment = z.object({
  TABLE_NAME: set('TABLE_NAME'),
  ORGANISATION: set('ORGANISATION'),
  ROLES_CLAIM: set('ROLES_CLAIM').default(DEFAULT_ROLES_CLAIM),
  // The ORGANIZER of invites (calendar.ics and the notifiers) and the From of emails.
  EMAIL_SENDER: z.email({ error: (issue) => (issue.input === undefined ? 'EMAIL_SENDER is not set' : 'EMAIL_SENDER must be an email address') }),
  EMAIL_SENDER_NAME: set('EMAIL_SENDER_NAME'),
  /** Only for the embedded store (local runs of a bundle). */
  DYNAMODB_ENDPOINT: z.url().optional(),
});
export type ServiceEnvironment = z.output<typeof ServiceEnvironment>;

/** The publisher and the sweeper put change events on the customer's bus. */
export const PublishingEnvironment = ServiceEnvironment.extend({ EVENT_BUS_NAME: set('EVENT_BUS_NAME') });
export type PublishingEnvironment = z.output<typeof PublishingEnvironment>;

export const NotifierEnvironment = ServiceEnvironment.extend({
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  SMS_SENDER_ID: z.string().min(1).optional(),
  /** The screens' origin, for the emails' links to the meeting; unset where the stack has no screens. */
  SITE_URL: z.url().optional(),
});
export type NotifierEnvironment = z.output<typeof NotifierEnvironment>;

/** Thrown at start when a setting is missing: the message names every one. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

export const readEnvironment = <Schema extends z.ZodType>(schema: Schema, environment: NodeJS.ProcessEnv): z.output<Schema> => {
  const result = schema.safeParse(environment);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.message.includes(String(issue.path[0])) ? issue.message : `${String(issue.path[0])}: ${issue.message}`,
  );
  throw new EnvironmentError(`This function's environment is incomplete: ${problems.join('; ')}`);
};
