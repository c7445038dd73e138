import { PolicyStatement } from '../core/iam';

/**
 * The Elastic Load Balancing account of each region launched before August 2022.
 * Access-log delivery in these regions writes as that account; regions launched
 * later use the `logdelivery.elasticloadbalancing.amazonaws.com` service principal.
 * Source: AWS docs, "Enable access logs for your Application Load Balancer" (bucket permissions).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
  'us-gov-west-1': '048591011584',
  'us-gov-east-1': '190560391635',
  'cn-north-1': '638102146993',
  'cn-northwest-1': '037604701340',
};

/** The ELB log-delivery service principal for regions launched in or after August 2022. */
export const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

export interface ElbLogDeliveryStatementProps {
  /** Region of the load balancer (and the bucket: they must match). */
  readonly region: string;
  /** The account that owns the load balancer (part of the object key ELB writes). */
  readonly accountId: string;
  /** The bucket's ARN (may be a token). */
  readonly bucketArn: string;
  /** Key prefix configured in the ALB's access_logs block, without slashes. */
  readonly prefix: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/**
 * The bucket-policy statement that lets ELB write access logs for this account's
 * load balancers, and nothing else: only s3:PutObject, only under `<prefix>/AWSLogs/<account>/`.
 */
export function elbLogDeliveryStatement(p: ElbLogDeliveryStatementProps): PolicyStatement {
  const account = ELB_LOG_DELIVERY_ACCOUNTS[p.region];
  const partition = p.partition ?? 'aws';
  return {
    Sid: 'AllowElbAccessLogDelivery',
    Effect: 'Allow',
    Principal: account ? { AWS: `arn:${partition}:iam::${account}:root` } : { Service: ELB_LOG_DELIVERY_SERVICE },
    Action: 's3:PutObject',
    Resource: `${p.bucketArn}/${p.prefix}/AWSLogs/${p.accountId}/*`,
  };
}
