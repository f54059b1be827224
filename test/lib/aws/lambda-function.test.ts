import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ServiceAlarms } from '#aws/alarms.ts';
import { ConfigurationError } from '#aws/customer-config.ts';
import { createFunctions, type FunctionDefinition, functionBundling, functionEntry, lambdaRuntime, projectRoot } from '#aws/lambda-function.ts';
import { PlanningTable } from '#aws/table.ts';
import { testApp, testConfig } from './synth-stack.ts';

const missing = (name: string): FunctionDefinition => ({
  name,
  entry: functionEntry(name),
  tableAccess: 'none',
  publishesEvents: false,
});

/** A stack with what functions need; `bundled` says whether this synth would bundle it. */
const stackWithResources = (bundled: boolean) => {
  const app = testApp(bundled ? { 'aws:cdk:bundling-stacks': ['**'] } : {});
  const stack = new Stack(app, 'Functions');
  return {
    stack,
    resources: {
      config: testConfig,
      table: new PlanningTable(stack, 'Store', testConfig),
      eventBus: new events.EventBus(stack, 'Bus'),
      alarms: new ServiceAlarms(stack, 'Alarms', testConfig),
    },
  };
};

describe('createFunctions', () => {
  it('keeps each handler at functions/<group>/handler.ts', () => {
    expect(path.relative(projectRoot, functionEntry('bookings'))).toBe(path.join('functions', 'bookings', 'handler.ts'));
  });

  it('refuses to bundle when handlers are missing, naming every one', () => {
    const { stack, resources } = stackWithResources(true);
    const attempt = () => createFunctions(stack, [missing('not-yet-a'), missing('not-yet-b')], resources);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      `missing handler files ${path.join('functions', 'not-yet-a', 'handler.ts')} (not-yet-a), ${path.join('functions', 'not-yet-b', 'handler.ts')} (not-yet-b)`,
    );
  });

  it('stands in for a missing handler when the stack is not bundled, keeping the settings', () => {
    const { stack, resources } = stackWithResources(false);
    createFunctions(stack, [missing('not-yet')], resources);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Code: { ZipFile: Match.stringLikeRegexp('not-yet was not bundled') },
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  it('bundles for the Lambda runtime’s Node version, the one .nvmrc names for development', () => {
    const major = /^nodejs(\d+)\.x$/.exec(lambdaRuntime.name)?.[1];
    expect(major).toBeDefined();
    expect(functionBundling.target).toBe(`node${major}`);
    expect(readFileSync(path.join(projectRoot, '.nvmrc'), 'utf8').trim()).toBe(major);
    // The tests also run on the oldest Node the tools allow (engines), so shared code stays within both.
    const engines = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toContain(`>=${major}.`);
  });
});
