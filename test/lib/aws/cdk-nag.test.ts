import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { addAwsSolutionsChecks, failedChecks } from '#aws/aws-solutions-checks.ts';
import { CustomerConfig } from '#aws/customer-config.ts';
import { buildStack, testApp, testConfig } from './synth-stack.ts';

/** The checks as `bin/app.ts` adds them, on a customer's stack. */
const checked = (config: CustomerConfig) => {
  const app = testApp();
  addAwsSolutionsChecks(app);
  const stack = buildStack(config, app);
  return { app, stack, annotations: Annotations.fromStack(stack) };
};

type Annotated = ReturnType<typeof checked>['annotations'];
const findingsOf = (annotations: Annotated, level: 'error' | 'warning') =>
  (level === 'error' ? annotations.findError : annotations.findWarning)
    .call(annotations, '*', Match.stringLikeRegexp('AwsSolutions-.*'))
    .map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`);

describe('AWS Solutions checks (cdk-nag), as the app runs them at synth', () => {
  const { app, annotations } = checked(testConfig);

  it('report no errors, and the synthesised app has none', () => {
    expect(findingsOf(annotations, 'error')).toEqual([]);
    expect(failedChecks(app.synth())).toEqual([]);
  });

  it('report no warnings', () => {
    expect(findingsOf(annotations, 'warning')).toEqual([]);
  });

  it('stay clean with a customer-managed table key', () => {
    const withKey = checked(CustomerConfig.parse({ ...testConfig, table: { encryption: 'customerManaged' } }));
    expect([...findingsOf(withKey.annotations, 'error'), ...findingsOf(withKey.annotations, 'warning')]).toEqual([]);
  });

  it('fail the synth on a finding nobody suppressed, naming the resource and the rule', () => {
    const failing = testApp();
    addAwsSolutionsChecks(failing);
    const stack = new Stack(failing, 'Careless');
    // A queue without a dead-letter queue or TLS enforcement: AwsSolutions-SQS3 and -SQS4.
    new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    // cdk.json's @aws-cdk/core:annotationsInValidationReport: the synth throws its report.
    expect(() => failing.synth()).toThrow(/AwsSolutions-SQS3[\s\S]*Careless\/Queue[\s\S]*AwsSolutions-SQS4/);
    // Without it (an app that does not take cdk.json's flags), bin/app.ts counts the errors itself.
    const unflagged = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    addAwsSolutionsChecks(unflagged);
    new sqs.Queue(new Stack(unflagged, 'Careless'), 'Queue', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    expect(failedChecks(unflagged.synth())).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/Careless\/Queue\/Resource: AwsSolutions-SQS3/), expect.stringMatching(/^\/Careless\/Queue\/Resource: AwsSolutions-SQS4/)]),
    );
  });
});
