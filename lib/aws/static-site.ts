import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as deployment from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { WEB_APP_DIRECTORY } from '../../web/build-folder.ts';
import { contentSecurityPolicy } from '../../web/content-security-policy.ts';
import type { CustomerConfig } from './customer-config.ts';

export interface StaticSiteProps {
  config: CustomerConfig;
  web: NonNullable<CustomerConfig['web']>;
  /** The built web app; default `web/dist`. */
  directory?: string;
}

/**
 * The screens as a static site: a private bucket that only CloudFront reads (origin
 * access control), HTTPS only, security headers and a strict Content-Security-Policy.
 * `publish` uploads the app with a generated `config.json` naming the API and the OIDC client.
 */
export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  /** `https://<distribution domain>`: what the browser sends as Origin, for the API's CORS. */
  readonly origin: string;
  private readonly props: StaticSiteProps;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    this.props = props;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Only built files live here: every deploy uploads them again.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: `Security headers of the planning meeting screens (${props.config.customer})`,
      securityHeadersBehavior: {
        // Requests may go to any https origin by this header; index.html narrows them to the
        // API and the issuer (see publish): naming the API here would make the distribution
        // depend on the API, whose CORS depends on the distribution.
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(['https:']), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Planning meeting screens (${props.config.customer})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      // The app routes by the URL's hash; any other path a person keeps or types gets the app.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    NagSuppressions.addResourceSuppressions(this.bucket, [
      { id: 'AwsSolutions-S1', reason: 'The bucket holds only the built, public web app that every deploy uploads again; CloudFront is its only reader.' },
    ]);
    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Apprentices, employers and providers may sign in from anywhere; the API decides who may do what.' },
      { id: 'AwsSolutions-CFR2', reason: 'The site serves static files only; the API behind it has its own throttling and JWT authorizer.' },
      { id: 'AwsSolutions-CFR3', reason: 'Static files only: the requests that matter are logged by the API (access logs of the HTTP API stage).' },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The site uses the CloudFront default certificate (*.cloudfront.net), whose security policy CloudFront fixes; a minimum of TLSv1.2 needs a custom domain and certificate, which the customer config does not offer yet.',
      },
    ]);
  }

  /** Uploads the app with its `config.json` and the CSP that names the API and the issuer. */
  publish(apiUrl: string): deployment.BucketDeployment {
    const { config, web } = this.props;
    const directory = this.props.directory ?? WEB_APP_DIRECTORY;
    const index = join(directory, 'index.html');
    if (!existsSync(index)) {
      Annotations.of(this).addError(`The screens are not built: run npm run build:web before synthesising (no ${index})`);
    }
    const issuerOrigin = new URL(config.auth.issuer).origin;
    // A meta policy narrows the header's: the two together allow the site, the API and the issuer only.
    const connect = `<meta http-equiv="Content-Security-Policy" content="connect-src 'self' ${apiUrl} ${issuerOrigin}" />`;
    const html = existsSync(index) ? readFileSync(index, 'utf8').replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    ${connect}`) : '';
    const webConfig = {
      apiUrl,
      auth: { kind: 'oidc', authority: config.auth.issuer, clientId: web.clientId, scope: web.scope, rolesClaim: config.auth.rolesClaim },
    };
    // A role and log group of our own for the copying function: the one aws-cdk-lib would make carries the managed
    // AWSLambdaBasicExecutionRole (any log group) and may invalidate every distribution of the account.
    const role = new SiteUploadRole(this, 'UploadRole', this.distribution);
    const logGroup = new logs.LogGroup(this, 'UploadLogs', { retention: config.logRetentionDays });
    logGroup.grantWrite(role);
    const upload = new deployment.BucketDeployment(this, 'Upload', {
      role,
      logGroup,
      destinationBucket: this.bucket,
      sources: [
        ...(existsSync(directory) ? [deployment.Source.asset(directory, { exclude: ['index.html', 'config.json'] })] : []),
        deployment.Source.data('index.html', html),
        deployment.Source.jsonData('config.json', webConfig),
      ],
      // Built assets are named by their hash; revalidating them costs a 304, and index.html and config.json are never stale.
      cacheControl: [deployment.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
    });
    // The copying function is a singleton of aws-cdk-lib at the stack's root.
    const copier = Stack.of(this).node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    for (const construct of copier) {
      NagSuppressions.addResourceSuppressions(construct, [{ id: 'AwsSolutions-L1', reason: 'The runtime of the BucketDeployment function is chosen by aws-cdk-lib.' }], true);
    }
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The BucketDeployment function of aws-cdk-lib copies every object of the assets bucket into the site bucket: the object and action wildcards aws-cdk-lib grants for that, scoped to those two buckets.',
        },
      ],
      true,
    );
    return upload;
  }
}

/** CloudFront's invalidation actions, which aws-cdk-lib's BucketDeployment grants on every distribution ("*"). */
const invalidationActions = ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'];

/**
 * The role of the site's copying function. BucketDeployment grants its invalidation on
 * "*"; this role takes that statement on its own distribution instead (both actions
 * accept a distribution ARN), so a deploy of one customer's site can never invalidate
 * another distribution of the account. Every other statement is taken as given.
 */
class SiteUploadRole extends iam.Role {
  constructor(
    scope: Construct,
    id: string,
    private readonly distribution: cloudfront.IDistribution,
  ) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the planning meeting screens and invalidates their distribution',
    });
  }

  override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const invalidates = statement.actions.some((action) => invalidationActions.includes(action));
    if (!invalidates) return super.addToPrincipalPolicy(statement);
    if (statement.effect !== iam.Effect.ALLOW || statement.actions.some((action) => !invalidationActions.includes(action))) {
      throw new Error(`Unexpected invalidation statement for the site upload: ${JSON.stringify(statement.toStatementJson())}`);
    }
    return super.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...statement.actions].sort(), resources: [this.distribution.distributionArn] }),
    );
  }
}
