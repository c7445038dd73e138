/** The Enhanced Monitoring role: trusted only by RDS monitoring for this account's instances of this layer. */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { policyDocument } from '../core/iam';
import type { DatabaseProps } from './index';
import type { DatabaseSettings } from './settings';

export interface EnhancedMonitoringRole {
  readonly role: IamRole;
  /** The managed policy's attachment (the instances depend on it: RDS validates the role when monitoring starts). */
  readonly policy: IamRolePolicyAttachment;
}

/** `monitoring_role` and `monitoring_role_policy`. */
export function enhancedMonitoringRole(scope: Construct, props: DatabaseProps, s: DatabaseSettings): EnhancedMonitoringRole {
  const role = new IamRole(scope, 'monitoring_role', {
    name: `${s.name}-rds-monitoring`,
    description: `Lets RDS Enhanced Monitoring publish OS metrics of the ${s.name} database instances`,
    assumeRolePolicy: policyDocument([
      {
        Effect: 'Allow',
        Principal: { Service: 'monitoring.rds.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': props.accountId },
          ArnLike: { 'aws:SourceArn': `arn:${s.partition}:rds:${props.region}:${props.accountId}:db:${s.identifier}*` },
        },
      },
    ]),
    tags: s.tags(`${s.name}-rds-monitoring`),
  });
  const policy = new IamRolePolicyAttachment(scope, 'monitoring_role_policy', {
    role: role.name,
    policyArn: `arn:${s.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
  });
  return { role, policy };
}
