import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration, HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { HttpFunctionGroup } from '#api/function-groups.ts';
import type { Route } from '#api/route.ts';
import type { CustomerConfig } from './customer-config.ts';

export interface PlanningHttpApiProps {
  routes: readonly Route[];
  functions: Record<HttpFunctionGroup, lambda.IFunction>;
  config: CustomerConfig;
  /** Origins of the stack's own screens (the static site), allowed through CORS besides the configured ones. */
  siteOrigins?: readonly string[];
}

/** The request headers the API reads (SPEC §4.1, §6), allowed through CORS. */
const requestHeaders = ['authorization', 'content-type', 'if-match', 'idempotency-key'];

/**
 * The HTTPS API of one customer: a route per entry of the route table, each integrated
 * with its function group and, unless public, behind the customer's JWT authorizer.
 * API Gateway refuses a missing or invalid token (401) before a Lambda runs; the
 * handlers check permissions and ownership.
 */
export class PlanningHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  readonly routes: Record<string, HttpRoute> = {};

  constructor(scope: Construct, id: string, props: PlanningHttpApiProps) {
    super(scope, id);
    const { config } = props;
    const allowed = [...(config.api.corsAllowedOrigins ?? []), ...(props.siteOrigins ?? [])];
    const origins = allowed.length > 0 ? allowed : undefined;

    this.api = new HttpApi(this, 'Api', {
      apiName: `planning-meetings-${config.customer}`,
      description: `Planning meeting booking API (${config.customer})`,
      // The stage is created below with access logs and throttling, which the default stage cannot take.
      createDefaultStage: false,
      ...(origins && {
        corsPreflight: {
          allowOrigins: origins,
          allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.PUT, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
          allowHeaders: requestHeaders,
          // The version travels in the ETag header, a created meeting's address in Location; the
          // others tell a 405's methods, a 401's reason, a replay and when to retry a 503.
          exposeHeaders: ['etag', 'location', 'allow', 'www-authenticate', 'idempotent-replayed', 'retry-after'],
          maxAge: Duration.hours(1),
        },
      }),
    });

    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', config.auth.issuer, {
      jwtAudience: config.auth.audience,
      authorizerName: `planning-meetings-${config.customer}-jwt`,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: config.logRetentionDays });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: config.api.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    const integrations = new Map<HttpFunctionGroup, HttpLambdaIntegration>();
    const integrationOf = (group: HttpFunctionGroup): HttpLambdaIntegration => {
      let integration = integrations.get(group);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${group}-integration`, props.functions[group]);
        integrations.set(group, integration);
      }
      return integration;
    };

    for (const route of props.routes) {
      const isPublic = route.access.kind === 'public';
      const httpRoute = new HttpRoute(this, route.operationId, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationOf(route.group),
        authorizer: isPublic ? new HttpNoneAuthorizer() : this.authorizer,
      });
      this.routes[route.operationId] = httpRoute;
      if (isPublic) {
        NagSuppressions.addResourceSuppressions(httpRoute, [
          {
            id: 'AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by design (the route table gives it access "public", SPEC §6): it answers liveness and reads no data.`,
          },
        ]);
      }
    }
    this.addOtherMethodRoutes(props.routes, integrationOf);
    const siteOrigin = props.siteOrigins?.[0];
    if (siteOrigin) this.addProblemPages(siteOrigin);
  }

  /**
   * A path's other methods: without a route for them API Gateway answers 404, where RFC 9110
   * wants 405 with the path's methods in Allow. `ANY <path>` is matched only when no route of
   * the path has the request's method, and goes to the path's function group, whose frame
   * knows the path's methods (a path therefore belongs to one group). No authorizer: as in
   * local mode, the method is refused before the token is looked at.
   */
  private addOtherMethodRoutes(routes: readonly Route[], integrationOf: (group: HttpFunctionGroup) => HttpLambdaIntegration): void {
    const groupOfPath = new Map<string, HttpFunctionGroup>();
    for (const route of routes) {
      const group = groupOfPath.get(route.path) ?? route.group;
      if (group !== route.group) {
        throw new Error(`${route.path} has routes in function groups ${group} and ${route.group}: a path's routes must be in one group, which answers its other methods (405 with Allow)`);
      }
      groupOfPath.set(route.path, group);
    }
    for (const [path, group] of groupOfPath) {
      const otherMethods = new HttpRoute(this, `OtherMethods${path.replace(/[^A-Za-z0-9]/g, '')}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(path, HttpMethod.ANY),
        integration: integrationOf(group),
        authorizer: new HttpNoneAuthorizer(),
      });
      NagSuppressions.addResourceSuppressions(otherMethods, [
        { id: 'AwsSolutions-APIG4', reason: `ANY ${path} answers only 405 Method Not Allowed (with Allow) for the methods the route table does not give the path; it reads no data.` },
      ]);
    }
  }

  /**
   * The pages the problems' `type` URIs name (`/problems/<code>.html` on the API's origin),
   * fetched from the screens' site, where the web build put them. Public: documentation.
   */
  private addProblemPages(siteOrigin: string): void {
    const pages = new HttpRoute(this, 'ProblemPages', {
      httpApi: this.api,
      routeKey: HttpRouteKey.with('/problems/{page}', HttpMethod.GET),
      integration: new HttpUrlIntegration('problem-pages', `${siteOrigin}/problems/{page}`, { method: HttpMethod.GET }),
      authorizer: new HttpNoneAuthorizer(),
    });
    NagSuppressions.addResourceSuppressions(pages, [
      { id: 'AwsSolutions-APIG4', reason: 'GET /problems/{page} serves the static pages that explain the API\'s error codes, from the screens\' site; they hold no data.' },
    ]);
  }

  get url(): string {
    return this.stage.url;
  }
}

/** One JSON line per request: enough to trace a call to its Lambda logs, without bodies or tokens. */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  userId: '$context.authorizer.claims.sub',
};
