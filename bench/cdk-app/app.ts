/**
 * The AWS CDK reference app for the benchmark: the same shape as helloapi-infra's
 * environment stacks (3-tier VPC with flow logs, private RDS PostgreSQL, an HTTPS
 * ALB + Fargate service with a certificate validated in a hosted zone, a WAF web
 * ACL associated with the ALB) for dev, staging and prod, synthesized with
 * `App.synth()` in plain node. Account, region, AZs and the hosted zone are
 * literals, so nothing is looked up.
 *
 * `BENCH_CDK_ENVIRONMENTS=<n>` synthesizes n environments (cycling through the
 * dev/staging/prod shapes) for the optional CDK scaling curve; default 3.
 */
import { App, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

interface EnvShape {
  readonly name: string;
  readonly account: string;
  readonly cidr: string;
  readonly azCount: number;
  readonly natGateways: number;
  readonly multiAz: boolean;
  readonly instanceType: string;
  readonly allocatedStorage: number;
  readonly maxAllocatedStorage: number;
  readonly cpu: number;
  readonly memory: number;
  readonly desiredCount: number;
  readonly maxCount: number;
  readonly rateLimit: number;
  readonly logRetention: logs.RetentionDays;
  readonly domain: string;
}

const SHAPES: EnvShape[] = [
  { name: 'dev', account: '111111111111', cidr: '10.10.0.0/16', azCount: 2, natGateways: 1, multiAz: false, instanceType: 't4g.micro', allocatedStorage: 20, maxAllocatedStorage: 50, cpu: 256, memory: 512, desiredCount: 1, maxCount: 2, rateLimit: 1000, logRetention: logs.RetentionDays.ONE_MONTH, domain: 'api.dev.helloapi.example.com' },
  { name: 'staging', account: '111111111111', cidr: '10.20.0.0/16', azCount: 2, natGateways: 2, multiAz: true, instanceType: 't4g.small', allocatedStorage: 20, maxAllocatedStorage: 100, cpu: 512, memory: 1024, desiredCount: 2, maxCount: 4, rateLimit: 1000, logRetention: logs.RetentionDays.THREE_MONTHS, domain: 'api.staging.helloapi.example.com' },
  { name: 'prod', account: '222222222222', cidr: '10.30.0.0/16', azCount: 3, natGateways: 3, multiAz: true, instanceType: 'm7g.large', allocatedStorage: 100, maxAllocatedStorage: 1000, cpu: 1024, memory: 2048, desiredCount: 3, maxCount: 12, rateLimit: 2000, logRetention: logs.RetentionDays.ONE_YEAR, domain: 'api.helloapi.example.com' },
];

const REGION = 'us-east-1';

class HelloApiStack extends Stack {
  constructor(scope: Construct, id: string, shape: EnvShape, props: StackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, alias: `alias/${id}` });

    // Network: public, private (app, with NAT egress) and isolated (data) subnets.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(shape.cidr),
      availabilityZones: ['a', 'b', 'c'].slice(0, shape.azCount).map((l) => `${REGION}${l}`),
      natGateways: shape.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: true,
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(this, 'FlowLogs', { retention: shape.logRetention, encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY }),
          ),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    // Database: private, encrypted PostgreSQL with a generated secret.
    const db = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType(shape.instanceType),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      credentials: rds.Credentials.fromGeneratedSecret('helloapi_admin', { encryptionKey: key }),
      databaseName: 'helloapi',
      multiAz: shape.multiAz,
      allocatedStorage: shape.allocatedStorage,
      maxAllocatedStorage: shape.maxAllocatedStorage,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      storageEncryptionKey: key,
      backupRetention: Duration.days(shape.name === 'prod' ? 14 : 7),
      deletionProtection: shape.name !== 'dev',
      iamAuthentication: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      parameters: { 'rds.force_ssl': '1', log_min_duration_statement: '1000' },
    });

    // Compute: HTTPS ALB + Fargate service, certificate validated in the hosted zone.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'helloapi.example.com' });
    const certificate = new acm.Certificate(this, 'Certificate', { domainName: shape.domain, validation: acm.CertificateValidation.fromDns(zone) });
    const repository = new ecr.Repository(this, 'Repository', { imageScanOnPush: true, imageTagMutability: ecr.TagMutability.IMMUTABLE, encryption: ecr.RepositoryEncryption.KMS, encryptionKey: key });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const service = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Service', {
      cluster,
      cpu: shape.cpu,
      memoryLimitMiB: shape.memory,
      desiredCount: shape.desiredCount,
      taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      publicLoadBalancer: true,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificate,
      domainName: shape.domain,
      domainZone: zone,
      redirectHTTP: true,
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      circuitBreaker: { rollback: true },
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      taskImageOptions: {
        image: ecs.ContainerImage.fromEcrRepository(repository, 'v0.1.0'),
        containerPort: 8000,
        environment: { DJANGO_SETTINGS_MODULE: 'helloapi.settings.production' },
        secrets: { DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(db.secret!, 'password') },
        logDriver: ecs.LogDrivers.awsLogs({
          streamPrefix: 'app',
          logGroup: new logs.LogGroup(this, 'AppLogs', { retention: shape.logRetention, encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY }),
        }),
      },
    });
    service.targetGroup.configureHealthCheck({ path: '/health/', healthyHttpCodes: '200' });
    service.loadBalancer.setAttribute('routing.http.drop_invalid_header_fields.enabled', 'true');
    db.connections.allowDefaultPortFrom(service.service);
    const scaling = service.service.autoScaleTaskCount({ minCapacity: shape.desiredCount, maxCapacity: shape.maxCount });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });

    // Edge: WAF web ACL (managed rule groups + rate limit) on the ALB.
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: id },
      rules: [
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
        managed('AWSManagedRulesSQLiRuleSet', 3),
        managed('AWSManagedRulesAmazonIpReputationList', 4),
        {
          name: 'rate-limit',
          priority: 10,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: shape.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'rate-limit' },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: service.loadBalancer.loadBalancerArn, webAclArn: acl.attrArn });
  }
}

const app = new App();
const count = Number(process.env.BENCH_CDK_ENVIRONMENTS ?? SHAPES.length);
for (let i = 0; i < count; i++) {
  const base = SHAPES[i % SHAPES.length];
  const shape = i < SHAPES.length ? base : { ...base, name: `e${String(i + 1).padStart(2, '0')}`, domain: `api.e${i + 1}.helloapi.example.com` };
  new HelloApiStack(app, `helloapi-${shape.name}`, shape, { env: { account: shape.account, region: REGION } });
}
app.synth();
