/**
 * The ALB, its access-log bucket and the app's target group. Behind CloudFront the ALB is internal, in the private app
 * subnets: CloudFront reaches it through a VPC origin (vpc-origin.ts), nothing on the internet can. AWS recommends
 * exactly this for an ALB behind CloudFront ("Restrict access to Application Load Balancers":
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html, and
 * "Restrict access with VPC origins": https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html).
 * Without CloudFront (regional-only mode) it is internet-facing in the public subnets.
 */
import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecureBucket } from '../core/bucket';
import { elbLogDeliveryStatement } from './elb-log-delivery';
import { bucketName } from './names';
import type { EdgeSettings } from './validation';

/** `alb_logs` (bucket), `alb` and `app` (target group). */
export function buildLoadBalancer(scope: Construct, s: EdgeSettings) {
  const { props } = s;
  // ALB access logs: SSE-S3 is the only encryption ELB log delivery supports.
  const logPrefix = 'alb';
  const accessLogsBucketName = bucketName(props.name, 'alb-logs', props.accountId, props.region);
  const accessLogs = new SecureBucket(scope, 'alb_logs', {
    bucketName: accessLogsBucketName,
    encryption: 'SSE-S3',
    expireAfterDays: s.retention,
    preventDestroy: s.deletionProtection,
    forceDestroy: !s.deletionProtection,
    tags: props.tags,
    policyStatements: [
      elbLogDeliveryStatement({ region: props.region, accountId: props.accountId, bucketArn: `arn:${props.partition ?? 'aws'}:s3:::${accessLogsBucketName}`, prefix: logPrefix, partition: props.partition }),
    ],
  });

  const alb = new Lb(scope, 'alb', {
    name: `${props.name}-alb`,
    loadBalancerType: 'application',
    internal: s.cloudFront,
    ipAddressType: s.dualstack ? 'dualstack' : 'ipv4',
    subnets: s.cloudFront ? props.network.appSubnetIds : props.network.publicSubnetIds,
    securityGroups: [props.network.albSecurityGroupId],
    dropInvalidHeaderFields: true,
    desyncMitigationMode: 'strictest',
    enableHttp2: true,
    enableWafFailOpen: false,
    idleTimeout: props.idleTimeoutSeconds ?? 60,
    enableDeletionProtection: s.deletionProtection,
    accessLogs: { bucket: accessLogs.bucketName, prefix: logPrefix, enabled: true },
    tags: props.tags,
    // ELB checks it can write to the bucket when access logs are switched on.
    dependsOn: [accessLogs.policy],
  });
  return { accessLogs, alb, targetGroup: targetGroup(scope, s), greenTargetGroup: s.props.testListener ? targetGroup(scope, s, 'green') : undefined };
}

/**
 * `ip` targets (Fargate), HTTP on the container port, health-checked on the traffic port. `app`, and with blue/green
 * deploys its twin `app_green` (`<name>-green`): CodeDeploy registers the replacement task set with whichever of the
 * two is idle (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html).
 */
function targetGroup(scope: Construct, { props, containerPort }: EdgeSettings, role: 'blue' | 'green' = 'blue'): LbTargetGroup {
  const hc = props.healthCheck ?? {};
  return new LbTargetGroup(scope, role === 'blue' ? 'app' : 'app_green', {
    name: role === 'blue' ? `${props.name}-app` : `${props.name}-green`,
    vpcId: props.network.vpcId,
    targetType: 'ip',
    protocol: 'HTTP',
    protocolVersion: 'HTTP1',
    port: containerPort,
    deregistrationDelay: String(props.deregistrationDelaySeconds ?? 30),
    healthCheck: {
      enabled: true,
      protocol: 'HTTP',
      port: 'traffic-port',
      path: hc.path ?? '/health/',
      matcher: hc.matcher ?? '200',
      interval: hc.intervalSeconds ?? 15,
      timeout: hc.timeoutSeconds ?? 5,
      healthyThreshold: hc.healthyThreshold ?? 2,
      unhealthyThreshold: hc.unhealthyThreshold ?? 3,
    },
    tags: props.tags,
  });
}
