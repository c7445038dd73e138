import type { ITerraformDependable } from 'cdktf';

/** What the edge layer hands to the other layers. */
export interface EdgeOutputs {
  /** `https://<domain>`. */
  readonly apiUrl: string;
  /** ARN of the application load balancer. */
  readonly albArn: string;
  /** ALB ARN suffix (CloudWatch dimension LoadBalancer). */
  readonly albArnSuffix: string;
  /** DNS name of the load balancer. */
  readonly albDnsName: string;
  /** The ALB's canonical hosted zone ID (for alias records). */
  readonly albZoneId: string;
  /** Target group the ECS service registers with (target type ip). */
  readonly targetGroupArn: string;
  /** Target group ARN suffix (CloudWatch dimension TargetGroup). */
  readonly targetGroupArnSuffix: string;
  /**
   * What attaches the target group to the HTTPS listener: the ECS service must depend on it
   * (ECS rejects a target group without a load balancer): the first host-locked listener rule
   * that forwards to the target group (it depends on the listener).
   */
  readonly httpsListener: ITerraformDependable;
  /** ARN of the HTTPS listener. */
  readonly httpsListenerArn: string;
  /** Name of the target group the service starts on (blue/green: CodeDeploy's first target group). */
  readonly targetGroupName: string;
  /** The second target group of blue/green deploys. @default undefined (no test listener) */
  readonly greenTargetGroupName?: string;
  /** ARN suffix of the green target group (CloudWatch dimension TargetGroup). @default undefined (no test listener) */
  readonly greenTargetGroupArnSuffix?: string;
  /** ARN of the blue/green test listener. @default undefined (no test listener) */
  readonly testListenerArn?: string;
  /** ARN of the validated ALB certificate. */
  readonly certificateArn: string;
  /** Bucket receiving ALB access logs. */
  readonly accessLogsBucket: string;
  /** ARN of the regional web ACL associated with the load balancer. */
  readonly webAclArn: string;
  /** Regional web ACL name (CloudWatch dimension WebACL). */
  readonly webAclName: string;
  /** CloudWatch log group of the regional web ACL. */
  readonly wafLogGroupName: string;
  /** CloudFront distribution ID, when CloudFront is on. @default undefined (CloudFront off) */
  readonly distributionId?: string;
  /**
   * CloudFront distribution domain name, when CloudFront is on.
   * @default undefined (CloudFront off)
   */
  readonly distributionDomainName?: string;
  /** CLOUDFRONT-scoped web ACL (us-east-1), when CloudFront is on. @default undefined (CloudFront off) */
  readonly cloudFrontWebAclArn?: string;
  /** ID of the CloudFront VPC origin of the internal ALB, when CloudFront is on. @default undefined (CloudFront off) */
  readonly vpcOriginId?: string;
  /** CLOUDFRONT-scoped web ACL name (CloudWatch dimension WebACL; its metrics are published in us-east-1). Behind CloudFront the rate-limit and IP rules live on this ACL. @default undefined (CloudFront off) */
  readonly cloudFrontWebAclName?: string;
}
