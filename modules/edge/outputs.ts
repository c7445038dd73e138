import type { ITerraformDependable } from 'cdktf';

/** What the edge layer hands to the other layers. */
export interface EdgeOutputs {
  /** `https://<domain>`. */
  readonly apiUrl: string;
  readonly albArn: string;
  /** ALB ARN suffix (CloudWatch dimension LoadBalancer). */
  readonly albArnSuffix: string;
  readonly albDnsName: string;
  /** Target group the ECS service registers with (target type ip). */
  readonly targetGroupArn: string;
  /** Target group ARN suffix (CloudWatch dimension TargetGroup). */
  readonly targetGroupArnSuffix: string;
  /** The HTTPS listener: the ECS service must depend on it (ECS rejects a target group without a listener). */
  readonly httpsListener: ITerraformDependable;
  readonly webAclArn: string;
  /** Regional web ACL name (CloudWatch dimension WebACL). */
  readonly webAclName: string;
  /** CloudFront distribution ID, when CloudFront is on. */
  readonly distributionId?: string;
  readonly distributionDomainName?: string;
}
