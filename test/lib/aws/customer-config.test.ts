import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, loadCustomerConfig } from '#aws/customer-config.ts';
import { customersDir } from '#aws/customer-stack.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'customers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demo = JSON.parse(readFileSync(path.join(customersDir, 'demo.json'), 'utf8')) as Record<string, any>;

/** Writes `<name>.json` from the demo settings changed by `change`, and loads it. */
const load = (name: string, change: (config: Record<string, any>) => void) => {
  const config = structuredClone(demo);
  config.customer = name;
  change(config);
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(config));
  return () => loadCustomerConfig(name, dir);
};

const failure = (attempt: () => unknown): string => {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
};

const keyArn = (region: string) => `arn:aws:kms:${region}:123456789012:key/0f6a2f5e-1b2c-4d3e-8f90-123456789abc`;

describe('loadCustomerConfig', () => {
  it('loads the demo customer with defaults filled in', () => {
    const config = loadCustomerConfig('demo', customersDir);
    expect(config).toMatchObject({
      customer: 'demo',
      region: 'eu-west-2',
      auth: { rolesClaim: 'roles' },
      api: { throttle: { rateLimit: 50, burstLimit: 100 } },
      table: { encryption: 'awsOwned' },
      email: { senderName: 'Planning meetings', createIdentity: false },
      logRetentionDays: 30,
    });
    expect(config.alarmEmail).toBeUndefined();
    expect(config.email.configurationSetName).toBeUndefined();
    expect(config.auth.issuer).toMatch(/^https:\/\//);
  });

  it.each([
    ['an http issuer', (c: any) => (c.auth.issuer = 'http://login.example.org'), 'auth.issuer: must be an https URL'],
    ['an issuer that is no URL', (c: any) => (c.auth.issuer = 'login.example.org'), 'auth.issuer: must be an https URL'],
    ['a misspelt field', (c: any) => ((c.auth.isuser = c.auth.issuer), delete c.auth.issuer), 'auth.isuser: unknown field (allowed: issuer, audience, rolesClaim)'],
    ['an unknown top-level field', (c: any) => (c.colour = 'blue'), 'colour: unknown field'],
    ['a missing field', (c: any) => delete c.email.sender, 'email.sender: is required'],
    ['no audience', (c: any) => (c.auth.audience = []), 'auth.audience: must name at least one audience'],
    ['an empty audience', (c: any) => (c.auth.audience = ['']), 'auth.audience[0]:'],
    ['a bad sender', (c: any) => (c.email.sender = 'planning'), 'email.sender: must be an email address'],
    ['a retention CloudWatch refuses', (c: any) => (c.logRetentionDays = 31), 'logRetentionDays: must be one of 1, 3, 5'],
    ['a short account id', (c: any) => (c.account = '1234'), 'account: must be a 12-digit AWS account id'],
    ['an origin with a path', (c: any) => (c.api.corsAllowedOrigins = ['https://app.example.org/']), 'api.corsAllowedOrigins[0]: must be an origin'],
    ['any origin', (c: any) => (c.api.corsAllowedOrigins = ['*']), 'api.corsAllowedOrigins[0]: must be an origin'],
    ['a tag the stack sets', (c: any) => (c.tags = { customer: 'other' }), 'tags.customer: customer, service and aws:* tags are set by the stack'],
    ['a sender name of blanks', (c: any) => (c.email.senderName = '   '), 'email.senderName:'],
    ['an SMS sender id too long', (c: any) => (c.sms = { senderId: 'PlanningMeetings' }), 'sms.senderId: must be 1 to 11 letters and digits'],
    ['an identity flag that is no boolean', (c: any) => (c.email.createIdentity = 'yes'), 'email.createIdentity:'],
    ['an unknown email setting', (c: any) => (c.email.replyTo = 'x@example.org'), 'email.replyTo: unknown field (allowed: sender, senderName, configurationSetName, createIdentity)'],
    ['an unknown throttle setting', (c: any) => (c.api.throttle = { rate: 5 }), 'api.throttle.rate: unknown field (allowed: rateLimit, burstLimit)'],
    ['an encryption DynamoDB does not offer', (c: any) => (c.table = { encryption: 'none' }), 'table.encryption:'],
    ['a key alias for a key ARN', (c: any) => (c.table = { encryption: 'customerManaged', kmsKeyArn: 'alias/planning' }), 'table.kmsKeyArn: must be the ARN of a KMS key'],
    ['a key ARN with the AWS-owned key', (c: any) => (c.table = { kmsKeyArn: keyArn('eu-west-2') }), 'table.kmsKeyArn: is only for "encryption": "customerManaged"'],
    ['a key of another region', (c: any) => (c.table = { encryption: 'customerManaged', kmsKeyArn: keyArn('eu-west-1') }), "table.kmsKeyArn: must be a key in the stack's region"],
  ])('refuses %s, naming the file and the field', (_case, change, expected) => {
    const message = failure(load('acme', change));
    expect(message).toContain(`${path.join(dir, 'acme.json')}: ${expected}`);
  });

  it('takes a customer-managed table key, the customer’s own by ARN or one the stack creates', () => {
    expect(load('acme', (c) => (c.table = { encryption: 'customerManaged' }))().table).toEqual({ encryption: 'customerManaged' });
    expect(load('acme', (c) => (c.table = { encryption: 'customerManaged', kmsKeyArn: keyArn('eu-west-2') }))().table).toEqual({
      encryption: 'customerManaged',
      kmsKeyArn: keyArn('eu-west-2'),
    });
  });

  it('names every failing field, one per line', () => {
    const message = failure(
      load('acme', (c) => {
        c.auth.issuer = 'http://x';
        c.alarmEmail = 'nobody';
      }),
    );
    expect(message.split('\n')).toHaveLength(2);
    expect(message).toContain('auth.issuer');
    expect(message).toContain('alarmEmail: must be an email address');
  });

  it('refuses a file whose customer is not its name', () => {
    const message = failure(load('beta', (c) => (c.customer = 'gamma')));
    expect(message).toContain('beta.json: customer: must be "beta"');
  });

  it('refuses a file that is not JSON', () => {
    writeFileSync(path.join(dir, 'broken.json'), '{ "customer": ');
    expect(failure(() => loadCustomerConfig('broken', dir))).toContain('broken.json: not valid JSON');
  });

  it('lists the available customers for an unknown one', () => {
    const message = failure(() => loadCustomerConfig('nobody', customersDir));
    expect(message).toMatch(/Unknown customer "nobody".*Available customers: .*demo/);
  });

  it('refuses a name that could leave the directory', () => {
    expect(failure(() => loadCustomerConfig('../demo', customersDir))).toContain('Unknown customer "../demo"');
  });

  it('names files under the working directory relative to it', () => {
    const message = failure(() => loadCustomerConfig('nobody', customersDir));
    expect(message).toContain(`there is no ${path.join('config', 'customers', 'nobody.json')}`);
  });
});
