import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildStack, testApp } from './synth-stack.ts';

const app = testApp();
const stack = buildStack(undefined, app);
Aspects.of(app).add(new AwsSolutionsChecks());
const annotations = Annotations.fromStack(stack);

const describeFindings = (findings: ReturnType<typeof annotations.findError>) =>
  findings.map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`);

describe('AWS Solutions checks (cdk-nag)', () => {
  it('report no errors', () => {
    expect(describeFindings(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')))).toEqual([]);
  });

  it('report no warnings', () => {
    expect(describeFindings(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')))).toEqual([]);
  });
});
