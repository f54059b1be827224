import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { eventRules } from '#events/event-rules.ts';
import { loadCustomerConfig } from '#aws/customer-config.ts';
import { customersDir } from '#aws/customer-stack.ts';
import { DEAD_LETTER_RETENTION } from '#aws/alarms.ts';
import { RULE_TARGET_RETRIES } from '#aws/notification-functions.ts';
import { buildStack, synthStack, testConfig } from './synth-stack.ts';
import { expectedTableActions, list, resourceText, type Statement, templateQueries } from './template-queries.ts';

const { stack, template } = synthStack();
const { resources, ofType, idOf, allStatements, statementsOf, actionsOf, leadingKeysOf } = templateQueries(stack, template);
const { notifications } = stack;

const [busId] = ofType('AWS::Events::EventBus')[0]!;
const [tableId] = ofType('AWS::DynamoDB::Table')[0]!;
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

const notifierOf = (name: string) => notifications.notifiers[name]!;
const roleIdOf = (name: string) => idOf(notifierOf(name).role!);
const queueIds = notifications.deadLetterQueues.map(idOf);

const tableReadWrite = expectedTableActions.readWrite;


/** The statements of a role that allow an action of the given service, e.g. `ses:`. */
const statementsFor = (roleId: string, prefix: string): Statement[] =>
  statementsOf(roleId).filter((statement) => list(statement.Action).some((action) => action.startsWith(prefix)));

describe.each(eventRules.map((rule) => [rule.name, rule] as const))('event rule %s', (_name, rule) => {
  const notifierId = idOf(notifierOf(rule.target.function));
  const rules = ofType('AWS::Events::Rule').filter(([, resource]) =>
    (resource.Properties.Targets as Array<{ Arn: unknown }>).some((target) => JSON.stringify(target.Arn) === JSON.stringify(getAtt(notifierId))),
  );

  it('is one rule on the customer’s bus with the rule table’s pattern', () => {
    expect(rules).toHaveLength(1);
    const [, found] = rules[0]!;
    expect(found.Properties.EventBusName).toEqual({ Ref: busId });
    expect(found.Properties.State).toBe('ENABLED');
    expect(found.Properties.EventPattern).toEqual({ source: [...rule.pattern.source], 'detail-type': [...rule.pattern['detail-type']] });
  });

  it('retries its target and keeps what it cannot deliver in an alarmed dead-letter queue', () => {
    const [target] = rules[0]![1].Properties.Targets as Array<Record<string, any>>;
    expect(target!.RetryPolicy).toEqual({
      MaximumRetryAttempts: RULE_TARGET_RETRIES.retryAttempts,
      MaximumEventAgeInSeconds: RULE_TARGET_RETRIES.maxEventAge.toSeconds(),
    });
    const queueId = target!.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
    expect(queueIds).toContain(queueId);
  });

  it('invokes a notifier for its channel, which retries twice and then dead-letters itself', () => {
    expect(resources[notifierId]!.Properties.Environment.Variables).toEqual({
      TABLE_NAME: { Ref: tableId },
      EVENT_BUS_NAME: { Ref: busId },
      ROLES_CLAIM: testConfig.auth.rolesClaim,
      ORGANISATION: testConfig.customer,
      NODE_OPTIONS: '--enable-source-maps',
      EMAIL_SENDER: 'planning@acme.example',
      EMAIL_SENDER_NAME: 'Acme EPA planning',
      SES_CONFIGURATION_SET: 'acme-transactional',
    });
    const configs = ofType('AWS::Lambda::EventInvokeConfig').filter(([, config]) => JSON.stringify(config.Properties.FunctionName) === JSON.stringify({ Ref: notifierId }));
    expect(configs).toHaveLength(1);
    const [, config] = configs[0]!;
    expect(config.Properties.MaximumRetryAttempts).toBe(2);
    expect(queueIds).toContain(config.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]);
  });

  it('lets the notifier read the table and write its delivery records (and in-app notifications, under USER#), and never put events', () => {
    expect(actionsOf(roleIdOf(rule.target.function), 'dynamodb:')).toEqual(tableReadWrite);
    expect(leadingKeysOf(roleIdOf(rule.target.function))).toEqual(rule.target.channel === 'inApp' ? ['DELIVERY#*', 'USER#*'] : ['DELIVERY#*']);
    expect(actionsOf(roleIdOf(rule.target.function), 'events:')).toEqual([]);
  });
});

describe('dead-letter queues', () => {
  it('are one per notifier and one for the publisher, besides the sweeper’s', () => {
    expect(ofType('AWS::SQS::Queue').map(([id]) => id).sort()).toEqual([...queueIds, idOf(stack.sweeper.deadLetterQueue)].sort());
    expect(queueIds).toHaveLength(eventRules.length + 1);
  });

  it.each(queueIds)('%s: encrypted, TLS only, kept 14 days, with an alarm on the first message that tells the alarm topic', (queueId) => {
    expect(resources[queueId]!.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: DEAD_LETTER_RETENTION.toSeconds(),
    });
    const policies = ofType('AWS::SQS::QueuePolicy').filter(([, policy]) => JSON.stringify(policy.Properties.Queues) === JSON.stringify([{ Ref: queueId }]));
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, alarm]) =>
      ((alarm.Properties.Dimensions ?? []) as Array<{ Value: unknown }>).some((dimension) => JSON.stringify(dimension.Value) === JSON.stringify(getAtt(queueId, 'QueueName'))),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]![1].Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: [{ Ref: idOf(stack.alarms.topic) }],
    });
  });

  it('alarms reach the configured address through a TLS-only topic', () => {
    const topicId = idOf(stack.alarms.topic);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@acme.example', TopicArn: { Ref: topicId } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });
});

describe('the outbox publisher', () => {
  const publisherId = idOf(notifications.publisher);
  const publisherRoleId = idOf(notifications.publisher.role!);
  const mappings = ofType('AWS::Lambda::EventSourceMapping');

  it('reads only new outbox items from the table stream, in small batches, reporting partial failures', () => {
    expect(mappings).toHaveLength(1);
    const [, mapping] = mappings[0]!;
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: publisherId },
      EventSourceArn: getAtt(tableId, 'StreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 25,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86400,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(mapping.Properties.FilterCriteria.Filters.map((filter: { Pattern: string }) => JSON.parse(filter.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['event'] } } } },
    ]);
  });

  it('keeps the batches it gives up on in an alarmed dead-letter queue', () => {
    const [, mapping] = mappings[0]!;
    const queueId = mapping.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string;
    expect(queueIds).toContain(queueId);
    expect(statementsFor(publisherRoleId, 'sqs:').flatMap((statement) => list(statement.Resource))).toEqual([getAtt(queueId)]);
  });

  it('reads the stream with the four actions Lambda checks for the mapping, on the stream alone', () => {
    const streamStatements = statementsFor(publisherRoleId, 'dynamodb:').filter((statement) =>
      list(statement.Action).some((action) => /Stream|GetRecords|Shard/.test(action)),
    );
    expect(streamStatements).toHaveLength(1);
    expect(list(streamStatements[0]!.Action).sort()).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']);
    expect(streamStatements[0]!.Resource).toEqual(getAtt(tableId, 'StreamArn'));
    // Nowhere on "*".
    const onEverything = allStatements().filter(({ statement }) => list(statement.Resource).includes('*'));
    expect(onEverything.flatMap(({ statement }) => list(statement.Action)).filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
  });

  it('marks events published in the table and puts them on the customer’s bus only', () => {
    expect(resources[publisherId]!.Properties.Environment.Variables.EVENT_BUS_NAME).toEqual({ Ref: busId });
    expect(statementsFor(publisherRoleId, 'dynamodb:').flatMap((statement) => list(statement.Action)).filter((action) => !/Stream|GetRecords|Shard/.test(action)).sort()).toEqual(
      tableReadWrite,
    );
    expect(leadingKeysOf(publisherRoleId)).toEqual(['EVENT#*']);
    expect(statementsFor(publisherRoleId, 'events:')).toEqual([expect.objectContaining({ Action: 'events:PutEvents', Resource: getAtt(busId) })]);
  });
});

describe('channel permissions', () => {
  const sesArn = (resource: string) => `arn:aws:ses:${testConfig.region}:${testConfig.account}:${resource}`;

  it('email may be sent only as the configured sender, through its configuration set', () => {
    const statements = statementsFor(roleIdOf('notify-email'), 'ses:');
    expect(statements).toHaveLength(1);
    expect(list(statements[0]!.Action).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(list(statements[0]!.Resource).map(resourceText).sort()).toEqual([
      sesArn('configuration-set/acme-transactional'),
      sesArn('identity/acme.example'),
      sesArn('identity/planning@acme.example'),
    ]);
  });

  it('SMS goes to phone numbers from the SMS notifier alone, in the stack’s region', () => {
    expect(statementsFor(roleIdOf('notify-sms'), 'sns:')).toEqual([
      {
        Sid: 'SmsToPhoneNumbers',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': testConfig.region } },
      },
    ]);
  });

  it('each channel’s permissions stay with its notifier', () => {
    const withAction = (prefix: string) =>
      allStatements()
        .filter(({ statement }) => statement.Effect === 'Allow' && list(statement.Action).some((action) => action.startsWith(prefix)))
        .flatMap(({ roles }) => roles);
    expect(withAction('ses:')).toEqual([roleIdOf('notify-email')]);
    expect(withAction('sns:')).toEqual([roleIdOf('notify-sms')]);
  });

  it('creates the sender domain’s SES identity when asked to', () => {
    expect(ofType('AWS::SES::EmailIdentity').map(([, identity]) => identity.Properties.EmailIdentity)).toEqual(['acme.example']);
  });
});

// The demo customer leaves every optional setting out: the defaults are checked on its stack (no validation, so it stays quick).
describe('a customer with the defaults', () => {
  const demo = buildStack(loadCustomerConfig('demo', customersDir));
  const demoTemplate = Template.fromStack(demo);
  const demoQueries = templateQueries(demo, demoTemplate);

  it('still has the alarm topic, with nobody subscribed, and every alarm tells it', () => {
    const topicId = demoQueries.idOf(demo.alarms.topic);
    expect(demoQueries.ofType('AWS::SNS::Topic').map(([id]) => id)).toEqual([topicId]);
    expect(demoQueries.ofType('AWS::SNS::Subscription')).toEqual([]);
    const alarms = demoQueries.ofType('AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(eventRules.length + 1);
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('leaves the SES identity to be verified outside the stack, and sends without a configuration set', () => {
    expect(demoQueries.ofType('AWS::SES::EmailIdentity')).toEqual([]);
    const email = demoQueries.idOf(demo.notifications.notifiers['notify-email']!);
    const variables = demoQueries.resources[email]!.Properties.Environment.Variables;
    expect(variables).toMatchObject({ EMAIL_SENDER: 'planning@demo.example.org', EMAIL_SENDER_NAME: 'Planning meetings' });
    expect(variables.SES_CONFIGURATION_SET).toBeUndefined();
    const ses = demoQueries
      .statementsOf(demoQueries.idOf(demo.notifications.notifiers['notify-email']!.role!))
      .filter((statement) => list(statement.Action).includes('ses:SendEmail'));
    expect(ses.flatMap((statement) => list(statement.Resource)).map(resourceText).sort()).toEqual([
      'arn:aws:ses:eu-west-2:<AWS::AccountId>:identity/demo.example.org',
      'arn:aws:ses:eu-west-2:<AWS::AccountId>:identity/planning@demo.example.org',
    ]);
  });
});

describe('SMS sender id', () => {
  it('reaches the SMS notifier only, when the customer sets one', async () => {
    const { CustomerConfig } = await import('#aws/customer-config.ts');
    const { buildStack, testConfig } = await import('./synth-stack.ts');
    const { Template } = await import('aws-cdk-lib/assertions');
    const withSenderId = buildStack(CustomerConfig.parse({ ...testConfig, sms: { senderId: 'AcmeEPA' } }));
    const functions = Object.values(Template.fromStack(withSenderId).toJSON().Resources as Record<string, { Type: string; Properties: any }>).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    const withId = functions.filter((fn) => fn.Properties.Environment?.Variables?.SMS_SENDER_ID === 'AcmeEPA');
    expect(withId.map((fn) => fn.Properties.Description)).toEqual(['Planning meetings: notify-sms']);
  });
});
