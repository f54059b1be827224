import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CustomerConfig } from '#aws/customer-config.ts';
import { projectRoot } from '#aws/lambda-function.ts';
import { PlanningMeetingsStack, stackNameOf } from '#aws/planning-meetings-stack.ts';

/** A customer whose settings differ from every default, so the template shows where each value came from. */
export const testConfig: CustomerConfig = CustomerConfig.parse({
  customer: 'acme',
  account: '123456789012',
  region: 'eu-west-2',
  auth: {
    issuer: 'https://login.acme.example/tenant-1/',
    audience: ['acme-planning', 'acme-admin-console'],
    rolesClaim: 'cognito:groups',
  },
  api: { corsAllowedOrigins: ['https://planning.acme.example'], throttle: { rateLimit: 20, burstLimit: 40 } },
  email: {
    sender: 'planning@acme.example',
    senderName: 'Acme EPA planning',
    configurationSetName: 'acme-transactional',
    createIdentity: true,
  },
  alarmEmail: 'ops@acme.example',
  logRetentionDays: 90,
});

/** The feature flags of cdk.json, so tests synthesise what `cdk synth` does. */
const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(new URL('cdk.json', `file://${projectRoot}`), 'utf8')) as { context: Record<string, unknown> })
    .context;

/**
 * An app that skips bundling: a test reads the template, it never deploys the code.
 * CloudFormation validation (a WebAssembly linter, seconds to load per test file) runs
 * only where asked: the full stack's test keeps it, so an invalid template still fails.
 */
export const testApp = (context: Record<string, unknown> = {}, { validate = false } = {}): App =>
  new App({
    analyticsReporting: false,
    builtinCloudFormationValidation: validate,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });

export const buildStack = (config: CustomerConfig = testConfig, app: App = testApp()): PlanningMeetingsStack =>
  new PlanningMeetingsStack(app, stackNameOf(config.customer), {
    config,
    env: { account: config.account, region: config.region },
  });

export const synthStack = (config: CustomerConfig = testConfig) => {
  const stack = buildStack(config, testApp({}, { validate: true }));
  return { stack, template: Template.fromStack(stack) };
};
