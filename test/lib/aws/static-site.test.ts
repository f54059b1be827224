import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { CustomerConfig } from '#aws/customer-config.ts';
import { StaticSite } from '#aws/static-site.ts';
import { buildStack, testApp, testConfig } from './synth-stack.ts';
import { list, templateQueries } from './template-queries.ts';

const config = CustomerConfig.parse({ ...testConfig, web: { clientId: 'acme-screens' } });

/** A built app as Vite leaves it, so the test needs no build. */
const builtApp = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'screens-'));
  mkdirSync(join(directory, 'assets'));
  writeFileSync(join(directory, 'index.html'), '<!doctype html><html><head>\n    <meta charset="utf-8" />\n</head><body></body></html>');
  writeFileSync(join(directory, 'assets', 'index-abc.js'), 'console.log(1)');
  return directory;
};

const synth = () => {
  const app = testApp();
  const stack = new Stack(app, 'SiteTest', { env: { account: '123456789012', region: 'eu-west-2' } });
  const site = new StaticSite(stack, 'Site', { config, web: config.web!, directory: builtApp() });
  site.publish('https://abc123.execute-api.eu-west-2.amazonaws.com');
  Aspects.of(app).add(new AwsSolutionsChecks());
  return { app, stack, site, template: Template.fromStack(stack) };
};
const { app, stack, site, template } = synth();

/** A file the deployment uploads, as staged in the cloud assembly. */
const staged = (name: string): string[] =>
  readdirSync(app.outdir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith(`/${name}`))
    .map((path) => readFileSync(join(app.outdir, path), 'utf8'));

describe('the static site of the screens', () => {
  it('keeps the bucket private: all public access blocked, TLS only, read by CloudFront alone', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    const policy = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('cloudfront.amazonaws.com');
    expect(policy).toContain('aws:SecureTransport');
    expect(policy).not.toMatch(/"Principal":"\*","Action":"s3:GetObject"/);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('serves over HTTPS only, with the security headers policy', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: Match.anyValue() }),
      }),
    });
    const headers = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const security = Object.values(headers)[0]?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true });
    expect(security.FrameOptions.FrameOption).toBe('DENY');
    expect(security.ContentTypeOptions.Override).toBe(true);
    const csp: string = security.ContentSecurityPolicy.ContentSecurityPolicy;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('uploads the app with a config.json naming the API and the OIDC client, and a CSP naming the API and the issuer', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const [config] = staged('config.json').map((text) => JSON.parse(text) as unknown);
    expect(config).toEqual({
      apiUrl: 'https://abc123.execute-api.eu-west-2.amazonaws.com',
      auth: { kind: 'oidc', authority: 'https://login.acme.example/tenant-1/', clientId: 'acme-screens', scope: 'openid profile email', rolesClaim: 'cognito:groups' },
    });
    const index = staged('index.html').find((text) => text.includes('http-equiv'));
    expect(index).toContain(`content="connect-src 'self' https://abc123.execute-api.eu-west-2.amazonaws.com https://login.acme.example"`);
  });

  it('invalidates its own distribution only, from a role of its own that writes to its own log group', () => {
    const { allStatements, idOf, resources } = templateQueries(stack, template);
    const invalidations = allStatements().filter(({ statement }) => list(statement.Action).some((action) => action.startsWith('cloudfront:')));
    expect(invalidations.map(({ statement }) => statement)).toEqual([
      {
        Effect: 'Allow',
        Action: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
        Resource: { 'Fn::Join': ['', ['arn:aws:cloudfront::123456789012:distribution/', { Ref: idOf(site.distribution) }]] },
      },
    ]);
    const copier = Object.values(resources).find((resource) => resource.Type === 'AWS::Lambda::Function')!;
    expect(copier.Properties.Role).toEqual({ 'Fn::GetAtt': [idOf(site.node.findChild('UploadRole')), 'Arn'] });
    for (const resource of Object.values(resources)) expect(resource.Properties?.ManagedPolicyArns).toBeUndefined();
    const logGroupId = copier.Properties.LoggingConfig.LogGroup.Ref as string;
    expect(resources[logGroupId]!.Properties.RetentionInDays).toBe(90);
  });

  it('passes the AWS Solutions checks, each suppression with its reason', () => {
    const findings = [...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')), ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))];
    expect(findings.map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`)).toEqual([]);
  });
});

describe('the customer stack with screens', () => {
  const app = testApp();
  const full = buildStack(config, app);
  Aspects.of(app).add(new AwsSolutionsChecks());
  const fullTemplate = Template.fromStack(full);

  it("allows the site's own origin through the API's CORS, besides the configured ones", () => {
    const api = Object.values(fullTemplate.findResources('AWS::ApiGatewayV2::Api'))[0];
    const origins = JSON.stringify(api?.Properties.CorsConfiguration.AllowOrigins);
    expect(origins).toContain('https://planning.acme.example');
    expect(origins).toContain('DomainName');
    fullTemplate.hasOutput('SiteUrl', Match.anyValue());
  });

  it('configures the screens with the API of the stack', () => {
    const upload = Object.values(fullTemplate.findResources('Custom::CDKBucketDeployment'))[0];
    // config.json and the CSP of index.html both name the stack's own API endpoint.
    const markers = JSON.stringify(upload?.Properties.SourceMarkers);
    expect(markers.match(/"Fn::GetAtt":\["HttpApi[0-9A-F]+","ApiEndpoint"\]/g)?.length).toBe(2);
  });

  it('serves the pages the problems’ type URIs name, on the API’s origin, from the site', () => {
    const [route] = Object.values(fullTemplate.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'GET /problems/{page}' } }));
    expect(route?.Properties.AuthorizationType).toBe('NONE');
    const integrationId = (route!.Properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
    const integration = fullTemplate.toJSON().Resources[integrationId.Ref].Properties;
    expect(integration).toMatchObject({ IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET' });
    expect(JSON.stringify(integration.IntegrationUri)).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",\{"Fn::GetAtt":\["Site[^"]*Distribution[^"]*","DomainName"\]\},"\/problems\/\{page\}"\]\]\}$/);
  });

  it('stays clean under the AWS Solutions checks', () => {
    const annotations = Annotations.fromStack(full);
    const findings = [...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')), ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))];
    expect(findings.map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`)).toEqual([]);
  });
});
