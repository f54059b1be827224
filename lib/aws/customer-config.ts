import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';

/**
 * A mistake an administrator can fix (a missing `-c customer=…`, a bad config file, a
 * missing handler): `bin/app.ts` prints its message alone, without a stack trace.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Names a stack, a bus and tags: keep it to characters every AWS name accepts. */
const customerName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,29}$/, 'must be 1–30 lower-case letters, digits or hyphens, starting with a letter');

/** CloudWatch accepts only these values; "never expire" is left out on purpose. */
const retentionDays = Object.values(RetentionDays).filter(
  (days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE,
);

/** Scheme, host and port only: a browser's Origin header never carries a path, and `*` would admit any site. */
const origin = z
  .string()
  .refine((value) => URL.canParse(value) && new URL(value).origin === value, 'must be an origin such as https://app.example.org');

export const CustomerConfig = z.strictObject({
  customer: customerName,
  /** Pins the stack to one account; without it the stack deploys to the CLI's current account. */
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-2'),
  /** The OIDC issuer whose tokens the API accepts (API Gateway JWT authorizer). */
  auth: z.strictObject({
    issuer: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
    /** A token is accepted when its `aud` (or `client_id`) is one of these. */
    audience: z.array(z.string().min(1)).min(1, 'must name at least one audience'),
    /** The claim holding the caller's role ids (SPEC §6), e.g. `cognito:groups`. */
    rolesClaim: z.string().min(1).default('roles'),
  }),
  api: z
    .strictObject({
      /** Browser origins of the customer's frontends; omitted = no CORS (server-to-server only). */
      corsAllowedOrigins: z.array(origin).min(1).optional(),
      /** Stage-wide limits that protect the table and Lambda concurrency from one noisy client. */
      throttle: z
        .strictObject({
          rateLimit: z.number().positive().default(50),
          burstLimit: z.number().int().positive().default(100),
        })
        .default({ rateLimit: 50, burstLimit: 100 }),
    })
    .default({ throttle: { rateLimit: 50, burstLimit: 100 } }),
  /**
   * The key the table (its items, indexes, stream and backups) is encrypted with at rest.
   * `awsOwned`, the default, costs nothing and needs no set-up; `awsManaged` is the account's
   * `aws/dynamodb` key, whose use shows in CloudTrail; `customerManaged` is a key the customer
   * controls (its policy, rotation, disabling it): the one named by `kmsKeyArn`, or one the
   * stack creates, rotated yearly and retained with the table.
   */
  table: z
    .strictObject({
      encryption: z.enum(['awsOwned', 'awsManaged', 'customerManaged']).default('awsOwned'),
      kmsKeyArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[0-9a-f-]{36}$/, 'must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>)')
        .optional(),
    })
    .refine((table) => table.kmsKeyArn === undefined || table.encryption === 'customerManaged', {
      path: ['kmsKeyArn'],
      message: 'is only for "encryption": "customerManaged"',
    })
    .default({ encryption: 'awsOwned' }),
  /**
   * The screens: the web app as a static site behind CloudFront, signing in at `auth.issuer`
   * with this OIDC client (a public client: authorization-code flow with PKCE, no secret).
   * Omitted = the API alone. The site's origin is added to the API's CORS origins.
   */
  web: z
    .strictObject({
      clientId: z.string().min(1).max(200),
      /** Asked for at sign-in; the access token must carry the roles claim and an accepted audience. */
      scope: z.string().min(1).default('openid profile email'),
    })
    .optional(),
  /** Notifications are sent through SES from this verified identity. */
  email: z.strictObject({
    sender: z.email('must be an email address'),
    /** The name shown with the sender, and the ORGANIZER of calendar invites. */
    senderName: z.string().trim().min(1).max(100).default('Planning meetings'),
    /** An SES configuration set (event publishing, suppression); the email notifier sends through it. */
    configurationSetName: z.string().min(1).optional(),
    /**
     * Creates the SES identity of the sender's domain in the stack. Off by default: most
     * customers verify their domain once, outside any stack, and a stack that owned the
     * identity would delete it (and its DKIM set-up) on `cdk destroy`.
     */
    createIdentity: z.boolean().default(false),
  }),
  /** Subscribed by email to the stack's alarm topic (every alarm tells it); omitted = subscribe to the topic otherwise (README, Alarms). */
  alarmEmail: z.email('must be an email address').optional(),
  /** SMS through SNS; the sender id is shown instead of a number where the country allows it (the UK does). */
  sms: z
    .strictObject({ senderId: z.string().regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, 'must be 1 to 11 letters and digits, with a letter') })
    .optional(),
  logRetentionDays: z
    .number()
    .refine((days) => retentionDays.includes(days), `must be one of ${retentionDays.join(', ')}`)
    .default(30),
  /** Extra cost-allocation tags, e.g. a cost centre. */
  tags: z
    .record(
      z
        .string()
        .min(1)
        .max(128)
        .regex(/^(?!aws:)(?!customer$)(?!service$)/, 'customer, service and aws:* tags are set by the stack'),
      z.string().max(256),
    )
    .optional(),
}).refine((config) => config.table.kmsKeyArn === undefined || config.table.kmsKeyArn.split(':')[3] === config.region, {
  path: ['table', 'kmsKeyArn'],
  message: "must be a key in the stack's region: DynamoDB uses a key of the table's own region only",
});
export type CustomerConfig = z.infer<typeof CustomerConfig>;

/**
 * Reads `<dir>/<name>.json` and validates it. Every failure names the file and the
 * field, so a typo in a customer's settings stops the synth with the fix in the message.
 */
export const loadCustomerConfig = (name: string, dir: string): CustomerConfig => {
  const file = path.join(dir, `${name}.json`);
  if (!customerName.safeParse(name).success || !existsSync(file)) {
    const available = availableCustomers(dir);
    throw new ConfigurationError(
      `Unknown customer "${name}": there is no ${displayPath(file)}. ` +
        (available.length > 0 ? `Available customers: ${available.join(', ')}.` : `No customer files in ${displayPath(dir)}.`),
    );
  }

  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`${displayPath(file)}: not valid JSON: ${(error as Error).message}`);
  }

  const result = CustomerConfig.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new ConfigurationError(result.error.issues.map((issue) => `${displayPath(file)}: ${describe(issue)}`).join('\n'));
  }
  if (result.data.customer !== name) {
    throw new ConfigurationError(`${displayPath(file)}: customer: must be "${name}", the name of the file`);
  }
  return result.data;
};

export const availableCustomers = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((entry) => entry.endsWith('.json'))
        .map((entry) => entry.slice(0, -'.json'.length))
        .sort()
    : [];

const describe = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'unrecognized_keys') {
    const allowed = fieldsAt(issue.path);
    return issue.keys
      .map((key) => `${fieldPath([...issue.path, key])}: unknown field` + (allowed ? ` (allowed: ${allowed.join(', ')})` : ''))
      .join('\n');
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${fieldPath(issue.path)}: is required`;
  // zod reports a bad record key as "Invalid key in record"; the reason is one level down.
  if (issue.code === 'invalid_key') return `${fieldPath(issue.path)}: ${issue.issues.map((inner) => inner.message).join('; ')}`;
  return `${fieldPath(issue.path)}: ${issue.message}`;
};

const fieldPath = (segments: readonly PropertyKey[]): string =>
  segments.length === 0
    ? '(the whole file)'
    : segments
        .map((segment, index) =>
          typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
        )
        .join('');

/** The field names the schema allows at a path, so an "unknown field" error shows the intended spelling. */
const fieldsAt = (segments: readonly PropertyKey[]): string[] | undefined => {
  let schema: z.ZodType | undefined = CustomerConfig;
  for (const segment of segments) {
    schema = unwrap(schema);
    schema = schema instanceof z.ZodObject && typeof segment === 'string' ? schema.shape[segment] : undefined;
    if (!schema) return undefined;
  }
  const object = unwrap(schema);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : undefined;
};

const unwrap = (schema: z.ZodType): z.ZodType =>
  schema instanceof z.ZodOptional || schema instanceof z.ZodDefault ? unwrap(schema.unwrap() as z.ZodType) : schema;

const displayPath = (file: string): string => {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
};
