import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { eventRules } from '#events/event-rules.ts';
import { synthStack } from './synth-stack.ts';

const { stack, template } = synthStack();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: any }>;
const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as lambda.CfnFunction);
const [busId] = ofType('AWS::Events::EventBus')[0]!;

const statementsOfRole = (roleId: string) =>
  ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);

describe('notifications in the stack', () => {
  it.each(eventRules.map((rule) => [rule.name, rule] as const))('%s: a rule on the customer bus routes the table’s pattern to its notifier, with retries and a dead-letter queue', (_name, rule) => {
    const notifierId = idOf(stack.notifications.notifiers[rule.target.function]!);
    const rules = ofType('AWS::Events::Rule').filter(([, resource]) =>
      (resource.Properties.Targets as Array<{ Arn: unknown }>).some((target) => JSON.stringify(target.Arn).includes(notifierId)),
    );
    expect(rules).toHaveLength(1);
    const [, found] = rules[0]!;
    expect(found.Properties.EventBusName).toEqual({ Ref: busId });
    expect(found.Properties.EventPattern).toEqual({ source: [...rule.pattern.source], 'detail-type': [...rule.pattern['detail-type']] });
    const target = found.Properties.Targets[0];
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 });
    expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][1]).toBe('Arn');
    expect(resources[notifierId]!.Properties.Environment.Variables).toMatchObject({
      CHANNEL: rule.target.channel,
      EMAIL_SENDER: 'planning@acme.example',
      EMAIL_SENDER_NAME: 'Planning meetings',
    });
  });

  it('every dead-letter queue is encrypted and has an alarm that notifies the alarm topic', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues).toHaveLength(eventRules.length + 1);
    for (const [queueId, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, alarm]) => JSON.stringify(alarm.Properties.Dimensions).includes(queueId));
      expect(alarms).toHaveLength(1);
      expect(alarms[0]![1].Properties).toMatchObject({ Threshold: 1, MetricName: 'ApproximateNumberOfMessagesVisible' });
      expect(JSON.stringify(alarms[0]![1].Properties.AlarmActions)).toContain(stack.getLogicalId(stack.notifications.alarmTopic.node.defaultChild as never));
    }
  });

  it('each notifier’s failed async invocations go to a dead-letter queue after two retries', () => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(eventRules.length);
    for (const [, config] of configs) {
      expect(config.Properties.MaximumRetryAttempts).toBe(2);
      expect(config.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][1]).toBe('Arn');
    }
  });

  it('the publisher reads only new outbox items from the table stream, reports partial failures and keeps what fails', () => {
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping') as unknown as [[string, { Properties: any }]];
    expect(mapping.Properties.FunctionName).toEqual({ Ref: idOf(stack.notifications.publisher) });
    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.Properties.BisectBatchOnFunctionError).toBe(true);
    expect(JSON.parse(mapping.Properties.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entity: { S: ['event'] } } },
    });
    expect(mapping.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
  });

  it('email may be sent only from the configured sender identity; SMS only by the SMS notifier', () => {
    const roleOf = (name: string) => stack.getLogicalId(stack.notifications.notifiers[name]!.role!.node.defaultChild as CfnRole);
    const ses = statementsOfRole(roleOf('notify-email')).filter((statement) => JSON.stringify(statement.Action).includes('ses:'));
    expect(ses).toHaveLength(1);
    expect(JSON.stringify(ses[0]!.Resource)).toContain(':identity/acme.example');
    expect(JSON.stringify(ses[0]!.Resource)).not.toContain('"*"');
    for (const name of ['notify-email', 'notify-inapp']) {
      expect(JSON.stringify(statementsOfRole(roleOf(name)))).not.toContain('sns:Publish');
    }
    expect(JSON.stringify(statementsOfRole(roleOf('notify-sms')))).toContain('sns:Publish');
  });
});
