import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { indexNames, tableDefinition } from '#store/table-definition.ts';
import type { CustomerConfig } from './customer-config.ts';
import { partitionPatterns, type TablePartition } from './table-partitions.ts';

/**
 * How much of the table a function may touch: nothing, reads, or reads and writes to the
 * partitions it names (a `dynamodb:LeadingKeys` condition on every write).
 */
export type TableAccess = 'none' | 'read' | { readonly writes: readonly TablePartition[] };

/**
 * Transactions have no IAM action of their own: each item of a TransactWriteItems is
 * authorised by PutItem, UpdateItem, DeleteItem or ConditionCheckItem, and of a
 * TransactGetItems by GetItem (DynamoDB developer guide, "Using IAM with DynamoDB transactions").
 */
const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * What DynamoDB asks of a caller when the table's key is a customer-managed one (the
 * actions aws-cdk-lib's own table grants add, written out: no wildcard actions).
 */
const keyReadActions = ['kms:Decrypt', 'kms:DescribeKey'];
const keyWriteActions = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];

const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/** The customer's table settings, and its name for the key the stack may create (`alias/planning-meetings-<customer>`). */
export type PlanningTableProps = Pick<CustomerConfig, 'customer' | 'table'>;

/** The one table of a customer's stack, and the only place that grants access to it. */
export class PlanningTable extends Construct {
  readonly table: dynamodb.Table;
  /** The customer-managed key the table is encrypted with; undefined for an AWS-owned or AWS-managed key. */
  readonly encryptionKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: PlanningTableProps) {
    super(scope, id);
    this.encryptionKey = customerManagedKey(this, props);
    this.table = new dynamodb.Table(this, 'Table', {
      ...encryptionOf(props.table, this.encryptionKey),
      partitionKey: string(tableDefinition.partitionKey),
      sortKey: string(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // A customer's bookings outlive any stack: neither a `cdk destroy` nor a replacement may drop them.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Old and new images let the publisher tell what changed without reading the item again.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    });
    for (const indexName of indexNames) {
      const keys = tableDefinition.indexes[indexName];
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: string(keys.partitionKey),
        sortKey: string(keys.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  get tableName(): string {
    return this.table.tableName;
  }

  /** Each index by name: `Table.grant*` would grant `index/*` instead. */
  get indexArns(): string[] {
    return indexNames.map((indexName) => `${this.table.tableArn}/index/${indexName}`);
  }

  /**
   * Written out rather than `table.grantReadData()`: the CDK helpers add `index/*` and
   * actions (Scan, DescribeTable, stream reads) no request path needs.
   */
  grantAccess(grantee: iam.IGrantable, access: TableAccess): void {
    if (access === 'none') return;
    iam.Grant.addToPrincipal({
      grantee,
      actions: readActions,
      resourceArns: [this.table.tableArn, ...this.indexArns],
    });
    if (access === 'read') {
      this.grantKey(grantee, keyReadActions);
      return;
    }
    // Indexes are read-only in DynamoDB: writes go to the table alone. Each item written,
    // alone or in a transaction, is authorised by its own PutItem, UpdateItem or DeleteItem,
    // so the condition holds for every item of a TransactWriteItems too. ForAllValues: a
    // request is allowed only if every partition key it writes matches one of the patterns.
    iam.Grant.addToPrincipal({
      grantee,
      actions: writeActions,
      resourceArns: [this.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitionPatterns(access.writes) } },
    });
    this.grantKey(grantee, [...keyReadActions, ...keyWriteActions]);
  }

  /** Reading the table's stream: with a customer-managed key, the records are decrypted for the reader. */
  grantStreamKey(grantee: iam.IGrantable): void {
    this.grantKey(grantee, keyReadActions);
  }

  private grantKey(grantee: iam.IGrantable, actions: string[]): void {
    if (!this.encryptionKey) return;
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.encryptionKey.keyArn] });
  }
}

/**
 * The key a customer asked for: their own key by ARN, or one the stack creates. A created
 * key is retained with the table it protects: deleting it would make the retained table,
 * its backups and its point-in-time copies unreadable.
 */
const customerManagedKey = (scope: Construct, props: PlanningTableProps): kms.IKey | undefined => {
  const { table, customer } = props;
  if (table.encryption !== 'customerManaged') return undefined;
  if (table.kmsKeyArn) return kms.Key.fromKeyArn(scope, 'EncryptionKey', table.kmsKeyArn);
  return new kms.Key(scope, 'EncryptionKey', {
    description: `Encrypts the planning meetings table (${customer})`,
    alias: `alias/planning-meetings-${customer}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
};

const encryptionOf = (
  settings: CustomerConfig['table'],
  key: kms.IKey | undefined,
): Pick<dynamodb.TableProps, 'encryption' | 'encryptionKey'> => {
  switch (settings.encryption) {
    case 'awsOwned':
      return { encryption: dynamodb.TableEncryption.DEFAULT };
    case 'awsManaged':
      return { encryption: dynamodb.TableEncryption.AWS_MANAGED };
    case 'customerManaged':
      return { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, ...(key ? { encryptionKey: key } : {}) };
  }
};
