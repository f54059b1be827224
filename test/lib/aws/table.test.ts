import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { PlanningTable, type TableAccess } from '#aws/table.ts';
import { testApp } from './synth-stack.ts';

// One stack, a role per access level: one synth for the whole file.
const stack = new Stack(testApp(), 'Grants');
const table = new PlanningTable(stack, 'Store');
const accessLevels: TableAccess[] = ['none', 'read', 'readWrite'];
const roles = Object.fromEntries(
  accessLevels.map((access) => {
    const role = new iam.Role(stack, `${access}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    table.grantAccess(role, access);
    return [access, stack.getLogicalId(role.node.defaultChild as iam.CfnRole)];
  }),
) as Record<TableAccess, string>;
const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
const tableId = stack.getLogicalId(table.table.node.defaultChild as iam.CfnRole);

/** The statements granted to a role, table references written as `TABLE`. */
const statementsOf = (access: TableAccess): unknown[] => {
  const statements = policies
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roles[access] }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  return JSON.parse(JSON.stringify(statements).replaceAll(`{"Fn::GetAtt":["${tableId}","Arn"]}`, '"TABLE"')) as unknown[];
};

const index = (name: string) => ({ 'Fn::Join': ['', ['TABLE', `/index/${name}`]] });
const reads = {
  Effect: 'Allow',
  Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  Resource: ['TABLE', index('gsi1'), index('gsi2'), index('gsi3')],
};

describe('PlanningTable.grantAccess', () => {
  it('none: grants nothing', () => {
    expect(statementsOf('none')).toEqual([]);
  });

  it('read: item reads and queries on the table and each index by name', () => {
    expect(statementsOf('read')).toEqual([reads]);
  });

  it('readWrite: adds the item writes (and so transactions) on the table alone', () => {
    expect(statementsOf('readWrite')).toEqual([
      reads,
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:BatchWriteItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        Resource: 'TABLE',
      },
    ]);
  });
});
