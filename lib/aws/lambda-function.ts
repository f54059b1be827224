import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { ServiceAlarms } from './alarms.ts';
import { ConfigurationError, type CustomerConfig } from './customer-config.ts';
import type { PlanningTable, TableAccess } from './table.ts';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Every function group keeps its thin handler at the same place: `functions/<group>/handler.ts`. */
export const functionEntry = (group: string): string => path.join(projectRoot, 'functions', group, 'handler.ts');

/** One Lambda function of the stack: an HTTP group, the sweeper, the publisher or a notifier. */
export interface FunctionDefinition {
  /** Construct id and the name in logs, e.g. `bookings`. */
  name: string;
  /** Absolute path of the handler module, exporting `handler`. */
  entry: string;
  tableAccess: TableAccess;
  /** Granted `events:PutEvents` on the customer's bus. */
  publishesEvents: boolean;
  memorySize?: number;
  timeout?: Duration;
  /** Settings beyond the ones every function gets (see `createFunction`). */
  environment?: Record<string, string>;
  /**
   * Five-minute periods in a row with errors before the function's alarm goes off:
   * 1 (the default) for functions that should never fail, more for those that fail on
   * purpose so their event is retried.
   */
  errorAlarmPeriods?: number;
}

/** What every function of a customer's stack shares. */
export interface StackResources {
  config: CustomerConfig;
  table: PlanningTable;
  eventBus: events.IEventBus;
  /** Every function gets an alarm on its errors there. */
  alarms: ServiceAlarms;
}

/**
 * The runtime CDK's latest-runtime flag would pick changes under us: pinned, and
 * raised deliberately together with the esbuild target and `.nvmrc` (a test holds the three together).
 */
export const lambdaRuntime = lambda.Runtime.NODEJS_22_X;

/** How every function is bundled; `bench/function-bundles.ts` builds with the same settings to measure them. */
export const functionBundling = {
  format: OutputFormat.ESM, // written as index.mjs, so Node loads it as a module without a package.json
  target: 'node22',
  mainFields: ['module', 'main'], // prefer ESM builds of dependencies: they tree-shake
  // esbuild's ESM output has no `require`; CommonJS dependencies (e.g. of the SDK) still call it.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  // Stack traces need the mappings only; the sources would double the bundle.
  sourcesContent: false,
  // The SDK version in the Lambda runtime drifts; bundling the one in package-lock.json is what the tests ran.
  bundleAwsSDK: true,
  // Only event-stream operations load this (lazily, through a dynamic import); none of the
  // clients here has one, and bundled it was 15 KB of every function.
  externalModules: ['@smithy/core/event-streams'],
  esbuildArgs: {
    // Lambda gives credentials in the environment: the rest of the SDK's default chain stays out of the bundle.
    '--alias:@aws-sdk/credential-provider-node': './functions/lambda-credentials.ts',
  },
  tsconfig: path.join(projectRoot, 'tsconfig.json'),
} satisfies BundlingOptions;

/**
 * One Lambda function with the stack's conventions: Node 22 on arm64, ESM bundle,
 * its own log group and role, only the access its definition asks for, and an
 * alarm on its errors.
 */
export const createFunction = (scope: Construct, definition: FunctionDefinition, resources: StackResources): NodejsFunction => {
  const { config, table, eventBus, alarms } = resources;
  const id = pascalCase(definition.name);

  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: config.logRetentionDays });
  // A role of our own: the default one carries the managed AWSLambdaBasicExecutionRole, which may write to any log group.
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Planning meetings ${definition.name} function (${config.customer})`,
  });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, `${id}Function`, {
    ...codeOf(scope, definition),
    runtime: lambdaRuntime,
    architecture: lambda.Architecture.ARM_64,
    memorySize: definition.memorySize ?? 512,
    timeout: definition.timeout ?? Duration.seconds(10),
    role,
    logGroup,
    // JSON lines are what CloudWatch Logs Insights queries without parsing.
    loggingFormat: lambda.LoggingFormat.JSON,
    // Lambda records each invocation (init, duration, errors, cold starts) in X-Ray, and the
    // trace id follows an API request into its function: where a slow answer spent its time.
    tracing: lambda.Tracing.ACTIVE,
    description: `Planning meetings: ${definition.name}`,
    environment: {
      TABLE_NAME: table.tableName,
      EVENT_BUS_NAME: eventBus.eventBusName,
      ROLES_CLAIM: config.auth.rolesClaim,
      // Every function that builds an invite (notifiers, calendar.ics) names the same ORGANIZER.
      EMAIL_SENDER: config.email.sender,
      EMAIL_SENDER_NAME: config.email.senderName,
      ORGANISATION: config.customer,
      NODE_OPTIONS: '--enable-source-maps',
      ...definition.environment,
    },
  });

  table.grantAccess(fn, definition.tableAccess);
  if (definition.publishesEvents) eventBus.grantPutEventsTo(fn);
  alarms.functionErrors(id, fn, definition.errorAlarmPeriods);

  NagSuppressions.addResourceSuppressions(fn, [
    {
      id: 'AwsSolutions-L1',
      reason:
        'The runtime is pinned on purpose (nodejs22.x, matching the esbuild target and .nvmrc); it is raised in one place, lambda-function.ts.',
    },
  ]);
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, so X-Ray accepts only Resource "*" (the statement aws-cdk-lib adds for Tracing.ACTIVE).',
        appliesTo: ['Resource::*'],
      },
    ],
    true,
  );
  return fn;
};

/** Creates every function of a list, after checking that all their handlers exist. */
export const createFunctions = <Name extends string>(
  scope: Construct,
  definitions: ReadonlyArray<FunctionDefinition & { name: Name }>,
  resources: StackResources,
): Record<Name, NodejsFunction> => {
  if (Stack.of(scope).bundlingRequired) {
    const missing = definitions.filter((definition) => !existsSync(definition.entry));
    if (missing.length > 0) throw missingHandlers(missing);
  }
  return Object.fromEntries(
    definitions.map((definition) => [definition.name, createFunction(scope, definition, resources)]),
  ) as Record<Name, NodejsFunction>;
};

const codeOf = (
  scope: Construct,
  definition: FunctionDefinition,
): Pick<lambda.FunctionProps, 'code' | 'handler'> | { entry: string; bundling: BundlingOptions; projectRoot: string; depsLockFilePath: string } => {
  if (existsSync(definition.entry)) {
    return {
      entry: definition.entry,
      bundling: functionBundling,
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
    };
  }
  if (Stack.of(scope).bundlingRequired) throw missingHandlers([definition]);
  // Only when this stack is not being bundled (unit tests, `cdk ls`): a stand-in that is never deployed.
  return {
    code: lambda.Code.fromInline(`exports.handler = async () => { throw new Error('${definition.name} was not bundled'); };`),
    handler: 'index.handler',
  };
};

const missingHandlers = (definitions: readonly FunctionDefinition[]): ConfigurationError =>
  new ConfigurationError(
    `Cannot bundle the Lambda functions: missing handler ${definitions.length === 1 ? 'file' : 'files'} ` +
      definitions.map((definition) => `${path.relative(projectRoot, definition.entry)} (${definition.name})`).join(', ') +
      '. Each function group needs a module exporting `handler` there.',
  );

const pascalCase = (name: string): string =>
  name.replace(/(^|[-_])([a-z0-9])/g, (_match, _separator: string, letter: string) => letter.toUpperCase());
