import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { indexNames, tableDefinition } from '#store/table-definition.ts';

/** How much of the table a function may touch. */
export type TableAccess = 'none' | 'read' | 'readWrite';

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

const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/** The one table of a customer's stack, and the only place that grants access to it. */
export class PlanningTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
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
    if (access === 'readWrite') {
      // Indexes are read-only in DynamoDB: writes go to the table alone.
      iam.Grant.addToPrincipal({ grantee, actions: writeActions, resourceArns: [this.table.tableArn] });
    }
  }
}
