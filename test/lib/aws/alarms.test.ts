import { describe, expect, it } from 'vitest';
import { API_5XX_MINIMUM_REQUESTS, API_5XX_PERCENT, PUBLISHER_ITERATOR_AGE } from '#aws/alarms.ts';
import { SWEEP_RETRIES } from '#aws/sweeper-schedule.ts';
import { METRIC_NAMESPACE, metricNames } from '#ports/metrics.ts';
import { buildStack, testConfig } from './synth-stack.ts';
import { list, templateQueries } from './template-queries.ts';
import { Template } from 'aws-cdk-lib/assertions';

const stack = buildStack();
const template = Template.fromStack(stack);
const { resources, ofType, idOf, statementsOf } = templateQueries(stack, template);
const topic = { Ref: idOf(stack.alarms.topic) };
const alarms: Array<Record<string, any>> = ofType('AWS::CloudWatch::Alarm').map(([id, alarm]) => ({ id, ...alarm.Properties }));
const dimension = (alarm: { Dimensions?: Array<{ Name: string; Value: unknown }> }, name: string) =>
  alarm.Dimensions?.find((entry) => entry.Name === name)?.Value;

describe('alarms', () => {
  it('all tell the one alarm topic, going off and clearing', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, alarm.id).toEqual([topic]);
      expect(alarm.OKActions, alarm.id).toEqual([topic]);
    }
    expect(ofType('AWS::SNS::Topic')).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@acme.example', TopicArn: topic });
  });

  it('watch the errors of every function, once each', () => {
    const functions = ofType('AWS::Lambda::Function').map(([id]) => id).sort();
    const watched = alarms
      .filter((alarm) => alarm.Namespace === 'AWS/Lambda' && alarm.MetricName === 'Errors')
      .map((alarm) => (dimension(alarm, 'FunctionName') as { Ref: string }).Ref)
      .sort();
    expect(watched).toEqual(functions);
    expect(functions.length).toBeGreaterThanOrEqual(10);
  });

  it('let a notifier fail for a quarter of an hour (it fails on purpose to be retried), an HTTP function not once', () => {
    const errorsOf = (fn: { node: unknown }) =>
      alarms.find((alarm) => alarm.MetricName === 'Errors' && JSON.stringify(dimension(alarm, 'FunctionName')) === JSON.stringify({ Ref: idOf(fn as never) }))!;
    expect(errorsOf(stack.apiFunctions.bookings)).toMatchObject({ Threshold: 1, EvaluationPeriods: 1, Period: 300, Statistic: 'Sum' });
    expect(errorsOf(stack.notifications.notifiers['notify-email']!)).toMatchObject({ Threshold: 1, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });

  it('watch the share of API answers that are 5xx, once there are enough of them', () => {
    const [api] = alarms.filter((alarm) => alarm.Metrics?.some((metric: { Expression?: string }) => metric.Expression));
    expect(api).toMatchObject({ Threshold: API_5XX_PERCENT, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const expression = api!.Metrics.find((metric: { Expression?: string }) => metric.Expression).Expression as string;
    expect(expression).toBe(`IF(requests >= ${API_5XX_MINIMUM_REQUESTS}, 100 * errors / requests, 0)`);
    const metricNamed = (id: string) => api!.Metrics.find((metric: { Id: string }) => metric.Id === id).MetricStat.Metric;
    expect(metricNamed('errors')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' });
    expect(metricNamed('requests')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: 'Count' });
    const apiId = { Ref: idOf(stack.httpApi.api) };
    expect(metricNamed('errors').Dimensions).toContainEqual({ Name: 'ApiId', Value: apiId });
  });

  it('watch how far the publisher is behind the stream', () => {
    const [age] = alarms.filter((alarm) => alarm.MetricName === 'IteratorAge');
    expect(age).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Maximum', Threshold: PUBLISHER_ITERATOR_AGE.toMilliseconds() });
    expect(dimension(age!, 'FunctionName')).toEqual({ Ref: idOf(stack.notifications.publisher) });
  });

  it('count failed deliveries from the metric the notifiers write, for this customer', () => {
    const [failed] = alarms.filter((alarm) => alarm.MetricName === metricNames.failedDeliveries);
    expect(failed).toMatchObject({ Namespace: METRIC_NAMESPACE, Statistic: 'Sum', Threshold: 1 });
    expect(failed!.Dimensions).toEqual([{ Name: 'organisation', Value: testConfig.customer }]);
  });

  it('go off on the first send left unsettled, from the count every sweep writes', () => {
    const [unsettled] = alarms.filter((alarm) => alarm.MetricName === metricNames.unsettledSends);
    expect(unsettled).toMatchObject({ Namespace: METRIC_NAMESPACE, Statistic: 'Maximum', Threshold: 1, Period: 900, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(unsettled!.Dimensions).toEqual([{ Name: 'organisation', Value: testConfig.customer }]);
  });
});

describe('the sweeper', () => {
  const sweeperId = idOf(stack.sweeper.function);
  const queueId = idOf(stack.sweeper.deadLetterQueue);

  it('sends a run that still fails after Lambda’s retries to its dead-letter queue', () => {
    const [[, config]] = ofType('AWS::Lambda::EventInvokeConfig').filter(([, resource]) => resource.Properties.FunctionName.Ref === sweeperId) as [[string, any]];
    expect(config.Properties).toMatchObject({
      MaximumRetryAttempts: SWEEP_RETRIES.retryAttempts,
      MaximumEventAgeInSeconds: SWEEP_RETRIES.maxEventAge.toSeconds(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    const sends = statementsOf(idOf(stack.sweeper.function.role!)).filter((statement) => list(statement.Action).includes('sqs:SendMessage'));
    expect(sends.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
  });

  it('and an invocation the scheduler gave up on to the same queue', () => {
    const [[, schedule]] = ofType('AWS::Scheduler::Schedule') as [[string, any]];
    expect(schedule.Properties.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    expect(statementsOf(roleId).some((statement) => list(statement.Action).includes('sqs:SendMessage'))).toBe(true);
  });

  it('has the alarm of every dead-letter queue', () => {
    const [queueAlarm] = alarms.filter((alarm) => JSON.stringify(dimension(alarm, 'QueueName')) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'QueueName'] }));
    expect(queueAlarm).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, AlarmActions: [topic] });
    expect(resources[queueId]!.Properties).toMatchObject({ SqsManagedSseEnabled: true });
  });
});
