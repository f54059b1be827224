import type { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

export type Resource = { Type: string; Properties?: any; [key: string]: any };

export const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** A resource as text, tokens shown as `<…>`, so wildcards in joined ARNs are visible. */
export const resourceText = (resource: unknown): string => {
  if (typeof resource === 'string') return resource;
  const value = resource as Record<string, any>;
  if ('Fn::Join' in value) return (value['Fn::Join'][1] as unknown[]).map(resourceText).join(value['Fn::Join'][0]);
  if ('Fn::Sub' in value) return String(value['Fn::Sub']);
  if ('Ref' in value) return `<${value.Ref}>`;
  if ('Fn::GetAtt' in value) return `<${(value['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(resource);
};

/** The DynamoDB actions each table access grants, sorted, as the stack tests expect them. */
export const expectedTableActions = {
  none: [] as string[],
  read: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  readWrite: [
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ],
};

/** Lookups on a synthesised template that the stack tests share. */
export const templateQueries = (stack: Stack, template: Template) => {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

  /** The logical id of a construct's CloudFormation resource (an L2's default child). */
  const idOf = (construct: IConstruct): string => stack.getLogicalId((construct.node.defaultChild ?? construct) as never);

  const inlinePolicies = (role: Resource) =>
    ((role.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>).flatMap((policy) => policy.PolicyDocument.Statement);

  /** Every statement of every identity policy, with the logical ids of the roles it applies to. */
  const allStatements = (): Array<{ owner: string; roles: string[]; statement: Statement }> => [
    ...[...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')].flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({
        owner: id,
        roles: ((policy.Properties.Roles ?? []) as Array<{ Ref?: string }>).flatMap((role) => (role.Ref ? [role.Ref] : [])),
        statement,
      })),
    ),
    ...ofType('AWS::IAM::Role').flatMap(([id, role]) => inlinePolicies(role).map((statement) => ({ owner: id, roles: [id], statement }))),
  ];

  /** The statements that apply to one role. */
  const statementsOf = (roleId: string): Statement[] =>
    allStatements()
      .filter(({ roles }) => roles.includes(roleId))
      .map(({ statement }) => statement);

  const actionsOf = (roleId: string, prefix: string): string[] =>
    statementsOf(roleId)
      .flatMap((statement) => list(statement.Action))
      .filter((action) => action.startsWith(prefix))
      .sort();

  /** The `dynamodb:LeadingKeys` patterns of a role's table writes; one statement allows them all. */
  const leadingKeysOf = (roleId: string): unknown => {
    const writes = statementsOf(roleId).filter((statement) => list(statement.Action).includes('dynamodb:PutItem'));
    if (writes.length !== 1) throw new Error(`${roleId} has ${writes.length} statements allowing dynamodb:PutItem, expected 1`);
    return (writes[0]!.Condition?.['ForAllValues:StringLike'] as Record<string, unknown> | undefined)?.['dynamodb:LeadingKeys'];
  };

  return { resources, ofType, idOf, allStatements, statementsOf, actionsOf, leadingKeysOf };
};
