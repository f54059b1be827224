import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpFunctionGroups, type HttpFunctionGroup } from '#api/function-groups.ts';
import { routeKey } from '#api/route.ts';
import { routes } from '#api/routes.ts';
import { eventRules } from '#events/event-rules.ts';
import { httpFunctionAccess } from '#aws/api-functions.ts';
import { CustomerConfig } from '#aws/customer-config.ts';
import { PlanningHttpApi } from '#aws/http-api.ts';
import { partitionPatterns, type TablePartition } from '#aws/table-partitions.ts';
import { createTableInput } from '#store/table-definition.ts';
import { buildStack, synthStack, testApp, testConfig } from './synth-stack.ts';
import { expectedTableActions, list, resourceText, templateQueries } from './template-queries.ts';

const { stack, template } = synthStack();
const { resources, ofType, idOf, allStatements, statementsOf, actionsOf, leadingKeysOf } = templateQueries(stack, template);
const only = (type: string) => {
  const found = ofType(type);
  expect(found).toHaveLength(1);
  return found[0]!;
};

const [tableId] = only('AWS::DynamoDB::Table');
const [busId] = only('AWS::Events::EventBus');
const [authorizerId, authorizer] = only('AWS::ApiGatewayV2::Authorizer');

const functionIdOf = (group: HttpFunctionGroup) => idOf(stack.apiFunctions[group]);
const roleIdOf = (group: HttpFunctionGroup) => idOf(stack.apiFunctions[group].role!);

const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
const writesTo = (patterns: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns } });
const indexArn = (index: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] });

describe('the table', () => {
  it('is on-demand, recoverable, protected, retained, streamed and expires items', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      },
    });
  });

  it.each([1, 2, 3])('has the index gsi%i on gsi%ipk / gsi%isk', (n) => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: `gsi${n}`,
          KeySchema: [
            { AttributeName: `gsi${n}pk`, KeyType: 'HASH' },
            { AttributeName: `gsi${n}sk`, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
    });
  });

  it('is the table the embedded store creates from createTableInput', () => {
    const input = createTableInput('any');
    const properties = resources[tableId]!.Properties;
    expect(properties.KeySchema).toEqual(input.KeySchema);
    expect(properties.GlobalSecondaryIndexes).toEqual(input.GlobalSecondaryIndexes);
    expect(new Set(properties.AttributeDefinitions)).toEqual(new Set(input.AttributeDefinitions));
    expect(properties.BillingMode).toBe(input.BillingMode);
    expect(properties.StreamSpecification.StreamViewType).toBe(input.StreamSpecification?.StreamViewType);
  });
});

describe('the HTTP API', () => {
  const routeResources = ofType('AWS::ApiGatewayV2::Route');
  const routeNamed = (key: string) => routeResources.find(([, route]) => route.Properties.RouteKey === key);

  const paths = [...new Set(routes.map((route) => route.path))];

  it('has exactly the routes of the route table, and one for the other methods of each of its paths', () => {
    expect(routeResources.map(([, route]) => route.Properties.RouteKey).sort()).toEqual(
      [...routes.map(routeKey), ...paths.map((path) => `ANY ${path}`)].sort(),
    );
  });

  it.each(paths)('ANY %s: no authorizer, to the function of the path’s group, which answers 405 with Allow', (path) => {
    const properties = routeNamed(`ANY ${path}`)![1].Properties;
    expect(properties.AuthorizationType).toBe('NONE');
    const integrationId = (properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
    const group = routes.find((route) => route.path === path)!.group;
    expect(resources[integrationId.Ref]!.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [functionIdOf(group), 'Arn'] });
  });

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s: authorised and integrated as the route table says', (key, route) => {
    const found = routeNamed(key);
    expect(found, `no route ${key}`).toBeDefined();
    const properties = found![1].Properties;
    if (route.access.kind === 'public') {
      expect(properties.AuthorizationType).toBe('NONE');
      expect(properties.AuthorizerId).toBeUndefined();
    } else {
      expect(properties.AuthorizationType).toBe('JWT');
      expect(properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
    const integrationId = (properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
    expect(resources[integrationId.Ref]!.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [functionIdOf(route.group), 'Arn'] },
    });
  });

  it('accepts tokens of the customer’s issuer and audiences', () => {
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: testConfig.auth.issuer, Audience: testConfig.auth.audience },
    });
  });

  it('throttles and logs every request of the stage', () => {
    const [, stage] = only('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
    expect(resources[logGroupId]!.Type).toBe('AWS::Logs::LogGroup');
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId' });
  });

  it('allows the customer’s origins with the headers the API reads', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: testConfig.api.corsAllowedOrigins,
        AllowHeaders: Match.arrayWith(['authorization', 'if-match', 'idempotency-key']),
        ExposeHeaders: Match.arrayWith(['etag']),
      },
    });
  });
});

describe('the functions', () => {
  it('are one per HTTP function group, plus the sweeper, the publisher and a notifier per event rule', () => {
    const expected = [
      ...httpFunctionGroups.map((group) => stack.apiFunctions[group]),
      stack.sweeper.function,
      stack.notifications.publisher,
      ...eventRules.map((rule) => stack.notifications.notifiers[rule.target.function]!),
    ].map(idOf);
    expect(new Set(expected).size).toBe(expected.length);
    expect(ofType('AWS::Lambda::Function').map(([id]) => id).sort()).toEqual(expected.sort());
  });

  it('are traced by X-Ray, every one', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
  });

  it('runs the sweeper every 15 minutes with retries, invoking only the sweeper function', () => {
    const [[, schedule]] = ofType('AWS::Scheduler::Schedule') as unknown as [[string, { Properties: Record<string, any> }]];
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      Target: { RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
    expect(schedule.Properties.Target.Arn).toEqual({ 'Fn::GetAtt': [idOf(stack.sweeper.function), 'Arn'] });
  });

  it.each(httpFunctionGroups)('%s: Node 22 on arm64 with the stack’s settings', (group) => {
    const properties = resources[functionIdOf(group)]!.Properties;
    expect(properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      Handler: 'index.handler',
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: tableId },
          EVENT_BUS_NAME: { Ref: busId },
          ROLES_CLAIM: 'cognito:groups',
          ORGANISATION: 'acme',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    const logGroupId = properties.LoggingConfig.LogGroup.Ref as string;
    expect(resources[logGroupId]!.Properties.RetentionInDays).toBe(90);
  });
});

describe('permissions', () => {
  it('no policy statement allows a wildcard action or resource, but SMS to phone numbers', () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(0);
    // sns:Publish to a phone number has no ARN: the SMS notifier's one statement is the only exception.
    const smsRoleId = idOf(stack.notifications.notifiers['notify-sms']!.role!);
    const isSms = ({ roles, statement }: (typeof statements)[number]) =>
      roles.length === 1 &&
      roles[0] === smsRoleId &&
      statement.Effect === 'Allow' &&
      JSON.stringify(statement.Action) === JSON.stringify('sns:Publish') &&
      JSON.stringify(statement.Resource) === JSON.stringify('*');
    expect(statements.filter(isSms)).toHaveLength(1);
    // X-Ray takes trace segments on "*" only: every function's role has that statement, and nothing else on it.
    const isTracing = ({ statement }: (typeof statements)[number]) =>
      JSON.stringify(statement.Action) === JSON.stringify(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']) && statement.Resource === '*';
    expect(statements.filter(isTracing)).toHaveLength(ofType('AWS::Lambda::Function').length);
    const wildcards = statements
      .filter((entry) => !isSms(entry) && !isTracing(entry))
      .flatMap(({ owner, statement }) => [
        ...list(statement.Action)
          .filter((action) => action.endsWith('*'))
          .map((action) => `${owner}: action ${action}`),
        ...list(statement.Resource)
          .map(resourceText)
          .filter((resource) => resource === '*' || resource.endsWith('/*'))
          .map((resource) => `${owner}: resource ${resource}`),
      ]);
    expect(wildcards).toEqual([]);
  });

  it('no role carries a managed policy', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('the health function has no DynamoDB permission', () => {
    expect(actionsOf(roleIdOf('health'), 'dynamodb:')).toEqual([]);
  });


  it.each(httpFunctionGroups)('%s: table actions as its access says, on the table and each index by name, writes to its partitions only', (group) => {
    const access = httpFunctionAccess[group].tableAccess;
    expect(actionsOf(roleIdOf(group), 'dynamodb:')).toEqual(expectedTableActions[typeof access === 'string' ? access : 'readWrite']);
    for (const statement of statementsOf(roleIdOf(group))) {
      const actions = list(statement.Action);
      if (!actions.some((action) => action.startsWith('dynamodb:'))) continue;
      const resourcesOfStatement = list(statement.Resource);
      // Reads reach the indexes; writes only the table, and only the partitions the group writes.
      if (actions.includes('dynamodb:Query')) {
        expect(resourcesOfStatement).toEqual([tableArn, indexArn('gsi1'), indexArn('gsi2'), indexArn('gsi3')]);
        expect(statement.Condition).toBeUndefined();
      } else {
        expect(resourcesOfStatement).toEqual([tableArn]);
        expect(typeof access).toBe('object');
        expect(statement.Condition).toEqual(writesTo(partitionPatterns((access as { writes: readonly TablePartition[] }).writes)));
      }
    }
  });

  it('the groups that change directory, configuration or in-app records write no meeting, claim or outbox item', () => {
    expect(leadingKeysOf(roleIdOf('directory'))).toEqual(['APPRENTICE#*', 'USER#*']);
    expect(leadingKeysOf(roleIdOf('configuration'))).toEqual(['CONFIG#*', 'GROUP#*', 'STANDARD#*', 'USER#*']);
    expect(leadingKeysOf(roleIdOf('notifications'))).toEqual(['USER#*']);
    // The capacity batch changes meetings as bookings do: narrowed to those kinds, not to one caller's items.
    expect(leadingKeysOf(roleIdOf('capacity'))).toEqual(['APPRENTICE#*', 'CLAIM#*', 'EVENT#*', 'IDEMPOTENCY#*', 'MEETING#*']);
    expect(leadingKeysOf(roleIdOf('bookings'))).toEqual(['APPRENTICE#*', 'CLAIM#*', 'EVENT#*', 'IDEMPOTENCY#*', 'MEETING#*']);
    expect(leadingKeysOf(idOf(stack.sweeper.function.role!))).toEqual(['APPRENTICE#*', 'CLAIM#*', 'DELIVERY#*', 'EVENT#*', 'MEETING#*']);
  });

  it('every statement that allows a table write names the partitions it may write', () => {
    const writeActions = expectedTableActions.readWrite.filter((action) => !expectedTableActions.read.includes(action));
    const unconditioned = allStatements().filter(
      ({ statement }) => list(statement.Action).some((action) => writeActions.includes(action)) && !statement.Condition?.['ForAllValues:StringLike'],
    );
    expect(unconditioned.map(({ owner }) => owner)).toEqual([]);
  });

  it.each(httpFunctionGroups)('%s: may put events on the customer’s bus only if it publishes', (group) => {
    const statements = statementsOf(roleIdOf(group)).filter((statement) => list(statement.Action).includes('events:PutEvents'));
    if (httpFunctionAccess[group].publishesEvents) {
      expect(statements.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [busId, 'Arn'] }]);
    } else {
      expect(statements).toEqual([]);
    }
  });

  it('the sweeper may put the outbox events it republishes on the customer’s bus', () => {
    const sweeperRoleId = idOf(stack.sweeper.function.role!);
    const statements = statementsOf(sweeperRoleId).filter((statement) => list(statement.Action).includes('events:PutEvents'));
    expect(statements.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [busId, 'Arn'] }]);
    expect(resources[idOf(stack.sweeper.function)]!.Properties.Environment.Variables.EVENT_BUS_NAME).toEqual({ Ref: busId });
  });

  it('each function writes only to its own log group', () => {
    for (const group of httpFunctionGroups) {
      const logGroupId = resources[functionIdOf(group)]!.Properties.LoggingConfig.LogGroup.Ref as string;
      const logStatements = statementsOf(roleIdOf(group)).filter((statement) =>
        list(statement.Action).some((action) => action.startsWith('logs:')),
      );
      expect(logStatements.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
    }
  });
});

describe('the stack', () => {
  it('keeps every log group for the configured retention, without CDK’s log-retention custom resource', () => {
    const logGroups = ofType('AWS::Logs::LogGroup');
    // One per function, and the API's access log.
    expect(logGroups.length).toBe(ofType('AWS::Lambda::Function').length + 1);
    for (const [, logGroup] of logGroups) expect(logGroup.Properties.RetentionInDays).toBe(90);
    expect(Object.values(resources).filter((resource) => resource.Type.startsWith('Custom::'))).toEqual([]);
  });

  it('is named and tagged after the customer', () => {
    expect(stack.stackName).toBe('PlanningMeetings-acme');
    expect(stack.tags.tagValues()).toMatchObject({ customer: 'acme' });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([{ Key: 'customer', Value: 'acme' }]),
    });
  });

  it('names the customer’s event bus', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'planning-meetings-acme' });
  });

  it('outputs what an administrator needs after a deploy', () => {
    expect(Object.keys(template.toJSON().Outputs ?? {}).sort()).toEqual(['AlarmTopicArn', 'ApiUrl', 'EventBusName', 'TableName']);
  });

  it('puts the stack in the customer’s account and region', () => {
    expect(Stack.of(stack).region).toBe('eu-west-2');
    expect(Stack.of(stack).account).toBe('123456789012');
  });
});

describe('with a customer-managed table key', () => {
  const keyed = buildStack(CustomerConfig.parse({ ...testConfig, table: { encryption: 'customerManaged' } }));
  const keyedTemplate = Template.fromStack(keyed);
  const queries = templateQueries(keyed, keyedTemplate);
  const [keyId] = queries.ofType('AWS::KMS::Key')[0]!;
  const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
  const keyActionsOf = (roleId: string) =>
    queries
      .statementsOf(roleId)
      .filter((statement) => JSON.stringify(statement.Resource) === JSON.stringify(keyArn))
      .flatMap((statement) => list(statement.Action))
      .sort();

  it('encrypts the table with it', () => {
    expect(queries.ofType('AWS::DynamoDB::Table')[0]![1].Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn });
  });

  it('lets every function that uses the table use the key, readers to decrypt only, and nobody else', () => {
    const reads = ['kms:Decrypt', 'kms:DescribeKey'];
    const writes = [...reads, 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'].sort();
    for (const group of httpFunctionGroups) {
      const access = httpFunctionAccess[group].tableAccess;
      expect(keyActionsOf(queries.idOf(keyed.apiFunctions[group].role!)), group).toEqual(access === 'none' ? [] : access === 'read' ? reads : writes);
    }
    for (const fn of [keyed.sweeper.function, keyed.notifications.publisher, ...Object.values(keyed.notifications.notifiers)]) {
      expect(keyActionsOf(queries.idOf(fn.role!)), fn.node.path).toEqual(writes);
    }
    const tableUsers = [
      ...httpFunctionGroups.filter((group) => httpFunctionAccess[group].tableAccess !== 'none').map((group) => keyed.apiFunctions[group]),
      keyed.sweeper.function,
      keyed.notifications.publisher,
      ...Object.values(keyed.notifications.notifiers),
    ].map((fn) => queries.idOf(fn.role!));
    const holders = queries.allStatements().filter(({ statement }) => JSON.stringify(statement.Resource) === JSON.stringify(keyArn));
    expect([...new Set(holders.flatMap(({ roles }) => roles))].sort()).toEqual(tableUsers.sort());
  });
});

// A second full stack would double the run time; a customer without CORS is checked on the API construct alone.
describe('without allowed origins', () => {
  it('has no CORS configuration', () => {
    const scope = new Stack(testApp(), 'NoCors');
    const fn = new lambda.Function(scope, 'Fn', {
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
    });
    const functions = Object.fromEntries(httpFunctionGroups.map((group) => [group, fn as lambda.IFunction])) as Record<
      HttpFunctionGroup,
      lambda.IFunction
    >;
    const { corsAllowedOrigins: _omitted, ...api } = testConfig.api;
    new PlanningHttpApi(scope, 'Http', { routes, functions, config: { ...testConfig, api } });
    Template.fromStack(scope).hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });
});
