/**
 * The layer's WAF: a regional web ACL on the ALB and, with CloudFront, a CLOUDFRONT web ACL in us-east-1,
 * both with the same rules; their log groups are encrypted with keys of this layer.
 */
import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LayerBaseProps } from '../core/context';
import { SecureKey } from '../core/kms';
import type { EdgeSettings } from './validation';
import { EdgeWebAcl } from './waf';

/** `waf_logs_key` and the regional web ACL `waf`, associated with the ALB. */
export function buildRegionalWaf(scope: Construct, s: EdgeSettings, alb: Lb) {
  const logKey = new SecureKey(scope, 'waf_logs_key', { ...s.base, purpose: 'waf-logs', allowCloudWatchLogs: true, preventDestroy: s.deletionProtection });
  const webAcl = new EdgeWebAcl(scope, 'waf', {
    ...s.base,
    ...s.wafRules,
    aclName: `${s.props.name}-alb`,
    scope: 'REGIONAL',
    // Behind CloudFront every client address is a CloudFront edge: the IP-keyed rules run there instead.
    clientIpRules: !s.cloudFront,
    logKmsKeyArn: logKey.arn,
    logRetentionDays: s.retention,
    associateWith: alb.arn,
  });
  return { logKey, webAcl };
}

/**
 * The CLOUDFRONT web ACL `cloudfront_waf` in us-east-1, where its logs must go too: outside us-east-1 with a key
 * of its own there (`cloudfront_waf_logs_key`), in us-east-1 with the regional ACL's key.
 */
export function buildCloudFrontWaf(scope: Construct, s: EdgeSettings, regionalLogKey: SecureKey): EdgeWebAcl {
  const globalProvider = s.props.globalProvider!;
  const globalBase: LayerBaseProps = { ...s.base, region: 'us-east-1' };
  let logKeyArn = regionalLogKey.arn;
  if (s.props.region !== 'us-east-1') {
    const key = new SecureKey(scope, 'cloudfront_waf_logs_key', { ...globalBase, purpose: 'cloudfront-waf-logs', allowCloudWatchLogs: true, preventDestroy: s.deletionProtection });
    key.key.provider = globalProvider;
    key.alias.provider = globalProvider;
    logKeyArn = key.arn;
  }
  return new EdgeWebAcl(scope, 'cloudfront_waf', {
    ...globalBase,
    ...s.wafRules,
    aclName: `${s.props.name}-cloudfront`,
    scope: 'CLOUDFRONT',
    clientIpRules: true,
    logKmsKeyArn: logKeyArn,
    logRetentionDays: s.retention,
    provider: globalProvider,
  });
}
