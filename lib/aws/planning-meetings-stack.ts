import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { HttpFunctionGroup } from '#api/function-groups.ts';
import { routes } from '#api/routes.ts';
import { ServiceAlarms } from './alarms.ts';
import { createApiFunctions } from './api-functions.ts';
import type { CustomerConfig } from './customer-config.ts';
import { createEventBus } from './event-bus.ts';
import { PlanningHttpApi } from './http-api.ts';
import type { StackResources } from './lambda-function.ts';
import { NotificationFunctions } from './notification-functions.ts';
import { StaticSite } from './static-site.ts';
import { SweeperSchedule } from './sweeper-schedule.ts';
import { PlanningTable } from './table.ts';

export interface PlanningMeetingsStackProps extends StackProps {
  config: CustomerConfig;
}

export const stackNameOf = (customer: string): string => `PlanningMeetings-${customer}`;

/** Everything one customer runs on: one table, one bus, one API, its functions (SPEC §1, §7). */
export class PlanningMeetingsStack extends Stack {
  readonly table: PlanningTable;
  readonly eventBus: events.EventBus;
  readonly apiFunctions: Record<HttpFunctionGroup, NodejsFunction>;
  readonly httpApi: PlanningHttpApi;
  readonly site: StaticSite | undefined;
  readonly sweeper: SweeperSchedule;
  readonly notifications: NotificationFunctions;
  readonly alarms: ServiceAlarms;

  constructor(scope: Construct, id: string, props: PlanningMeetingsStackProps) {
    const { config, ...stackProps } = props;
    const tags = { ...config.tags, customer: config.customer, service: 'planning-meetings' };
    // The stack's own tags (cost allocation, and what CloudFormation adds to resources it
    // creates) are given explicitly: with @aws-cdk/core:explicitStackTags, Tags.of(stack)
    // tags the resources of the template only.
    super(scope, id, { description: `Planning meeting booking service (${config.customer})`, ...stackProps, tags });

    for (const [key, value] of Object.entries(tags)) Tags.of(this).add(key, value);

    this.table = new PlanningTable(this, 'Store', config);
    this.eventBus = createEventBus(this, config.customer);
    this.alarms = new ServiceAlarms(this, 'Alarms', config);
    const resources: StackResources = { config, table: this.table, eventBus: this.eventBus, alarms: this.alarms };

    this.apiFunctions = createApiFunctions(new Construct(this, 'ApiFunctions'), resources);
    this.sweeper = new SweeperSchedule(this, 'Sweeper', resources);
    this.notifications = new NotificationFunctions(this, 'Notifications', resources);

    // The screens, where the customer has an OIDC client for them: the site's origin goes into the API's CORS.
    this.site = config.web ? new StaticSite(this, 'Site', { config, web: config.web }) : undefined;
    this.httpApi = new PlanningHttpApi(this, 'Http', { routes, functions: this.apiFunctions, config, siteOrigins: this.site ? [this.site.origin] : [] });
    this.site?.publish(this.httpApi.api.apiEndpoint);
    if (this.site) this.notifications.linkToScreens(this.site.origin);
    this.alarms.apiServerErrors(this.httpApi.stage);

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the HTTPS API' });
    if (this.site) new CfnOutput(this, 'SiteUrl', { value: this.site.origin, description: 'The screens (web app)' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Every alarm of the stack publishes here: subscribe to be told' });
  }
}
