import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { CustomerConfig } from '#aws/customer-config.ts';
import { PlanningTable, type TableAccess } from '#aws/table.ts';
import { tablePartitions } from '#aws/table-partitions.ts';
import { testApp, testConfig } from './synth-stack.ts';

const accessLevels = {
  none: 'none',
  read: 'read',
  directory: { writes: ['user', 'apprentice'] },
} satisfies Record<string, TableAccess>;
type AccessLevel = keyof typeof accessLevels;

/** A stack with the table, and a role per access level: one synth per table setting. */
const grantsWith = (table: CustomerConfig['table']) => {
  const stack = new Stack(testApp(), 'Grants');
  const store = new PlanningTable(stack, 'Store', { ...testConfig, table });
  const roles = Object.fromEntries(
    Object.entries(accessLevels).map(([level, access]) => {
      const role = new iam.Role(stack, `${level}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      store.grantAccess(role, access);
      return [level, stack.getLogicalId(role.node.defaultChild as iam.CfnRole)];
    }),
  ) as Record<AccessLevel, string>;
  const template = Template.fromStack(stack);
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  const tableId = stack.getLogicalId(store.table.node.defaultChild as iam.CfnRole);
  const keyIds = Object.keys(template.findResources('AWS::KMS::Key'));

  /** The statements granted to a role, table references written as `TABLE`, a key the stack created as `KEY`. */
  const statementsOf = (level: AccessLevel): unknown[] => {
    const statements = policies
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roles[level] }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    let text = JSON.stringify(statements).replaceAll(`{"Fn::GetAtt":["${tableId}","Arn"]}`, '"TABLE"');
    for (const keyId of keyIds) text = text.replaceAll(`{"Fn::GetAtt":["${keyId}","Arn"]}`, '"KEY"');
    return JSON.parse(text) as unknown[];
  };
  return { template, statementsOf, tableProperties: Object.values(template.findResources('AWS::DynamoDB::Table'))[0]!.Properties };
};

const { statementsOf, tableProperties } = grantsWith({ encryption: 'awsOwned' });

const index = (name: string) => ({ 'Fn::Join': ['', ['TABLE', `/index/${name}`]] });
const reads = {
  Effect: 'Allow',
  Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  Resource: ['TABLE', index('gsi1'), index('gsi2'), index('gsi3')],
};
const writes = {
  Effect: 'Allow',
  Action: ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  Resource: 'TABLE',
};
const leadingKeys = (...patterns: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns } });
const keyReads = ['kms:Decrypt', 'kms:DescribeKey'];
const keyWrites = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];

describe('PlanningTable.grantAccess', () => {
  it('none: grants nothing', () => {
    expect(statementsOf('none')).toEqual([]);
  });

  it('read: item reads and queries on the table and each index by name', () => {
    expect(statementsOf('read')).toEqual([reads]);
  });

  it('writes: adds the item writes (and so transactions) on the table alone, to the partitions named', () => {
    expect(statementsOf('directory')).toEqual([reads, { ...writes, Condition: leadingKeys('APPRENTICE#*', 'USER#*') }]);
  });
});

describe('tablePartitions', () => {
  it('are the partition patterns of the store’s keys, one per kind, none covering another', () => {
    expect(tablePartitions).toEqual({
      user: 'USER#*',
      apprentice: 'APPRENTICE#*',
      standard: 'STANDARD#*',
      group: 'GROUP#*',
      configuration: 'CONFIG#*',
      meeting: 'MEETING#*',
      claim: 'CLAIM#*',
      idempotency: 'IDEMPOTENCY#*',
      event: 'EVENT#*',
      delivery: 'DELIVERY#*',
    });
    const prefixes = Object.values(tablePartitions).map((pattern) => pattern.slice(0, -1));
    for (const prefix of prefixes) expect(prefixes.filter((other) => other.startsWith(prefix))).toEqual([prefix]);
  });
});

describe('the table’s encryption key', () => {
  it('is AWS-owned by default: no KMS key, no key permissions', () => {
    // SSEEnabled false is DynamoDB's word for the AWS-owned key (encryption at rest is always on).
    expect(tableProperties.SSESpecification).toEqual({ SSEEnabled: false });
    expect(JSON.stringify(statementsOf('directory'))).not.toContain('kms:');
  });

  it('awsManaged: the account’s aws/dynamodb key, which needs no grant', () => {
    const managed = grantsWith({ encryption: 'awsManaged' });
    expect(managed.tableProperties.SSESpecification).toEqual({ SSEEnabled: true });
    managed.template.resourceCountIs('AWS::KMS::Key', 0);
    expect(JSON.stringify(managed.statementsOf('directory'))).not.toContain('kms:');
  });

  describe('customerManaged without a key: the stack creates one', () => {
    const created = grantsWith({ encryption: 'customerManaged' });

    it('rotated, retained with the table, named after the customer', () => {
      created.template.hasResource('AWS::KMS::Key', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { EnableKeyRotation: true },
      });
      created.template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/planning-meetings-acme' });
      expect(created.tableProperties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() });
    });

    it('readers may decrypt, writers encrypt too, with that key alone', () => {
      expect(created.statementsOf('none')).toEqual([]);
      expect(created.statementsOf('read')).toEqual([reads, { Effect: 'Allow', Action: keyReads, Resource: 'KEY' }]);
      expect(created.statementsOf('directory')).toEqual([
        reads,
        { ...writes, Condition: leadingKeys('APPRENTICE#*', 'USER#*') },
        { Effect: 'Allow', Action: [...keyReads, ...keyWrites], Resource: 'KEY' },
      ]);
    });
  });

  it('customerManaged with a key ARN: the customer’s key, granted by ARN', () => {
    const keyArn = 'arn:aws:kms:eu-west-2:123456789012:key/0f6a2f5e-1b2c-4d3e-8f90-123456789abc';
    const own = grantsWith({ encryption: 'customerManaged', kmsKeyArn: keyArn });
    own.template.resourceCountIs('AWS::KMS::Key', 0);
    expect(own.tableProperties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn });
    expect(own.statementsOf('read')).toEqual([reads, { Effect: 'Allow', Action: keyReads, Resource: keyArn }]);
  });
});
