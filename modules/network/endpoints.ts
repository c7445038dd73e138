/**
 * VPC endpoints: the S3 gateway on the app route tables and interface endpoints in the app subnets,
 * their policies restricted to this account's principals, so AWS API traffic stays off NAT.
 */
import { Construct } from 'constructs';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { policyDocument } from '../core/iam';
import { NetworkNaming } from './naming';
import { NetworkProps } from './props';
import { SecurityGroupRuleSpec } from './security-groups';

export interface EndpointInputs {
  readonly vpcId: string;
  /** The S3 gateway's route tables. */
  readonly appRouteTables: readonly RouteTable[];
  /** Where the interface endpoints live. */
  readonly appSubnets: readonly Subnet[];
  /** The interface endpoints' group. */
  readonly securityGroup: SecurityGroup;
  /** Interface endpoint services (`ecr.api`, ...). */
  readonly services: readonly string[];
}

/** The S3 gateway endpoint (`endpoint_s3`) and one interface endpoint per service (`endpoint_ecr_api`, ...). */
export function buildEndpoints(scope: Construct, input: EndpointInputs, props: NetworkProps, { name, tags }: NetworkNaming) {
  const policy = props.restrictEndpointsToAccount ?? true ? accountOnlyPolicy(props.accountId) : undefined;
  const s3 = new VpcEndpoint(scope, 'endpoint_s3', {
    vpcId: input.vpcId,
    serviceName: `com.amazonaws.${props.region}.s3`,
    vpcEndpointType: 'Gateway',
    routeTableIds: input.appRouteTables.map((rt) => rt.id),
    policy: policy && s3GatewayPolicy(policy, props),
    tags: tags(`${name}-s3`),
  });
  const interfaceEndpoints: Record<string, VpcEndpoint> = {};
  for (const service of input.services) {
    interfaceEndpoints[service] = new VpcEndpoint(scope, `endpoint_${service.replace(/[^a-z0-9]+/g, '_')}`, {
      vpcId: input.vpcId,
      serviceName: `com.amazonaws.${props.region}.${service}`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: input.appSubnets.map((s) => s.id),
      securityGroupIds: [input.securityGroup.id],
      policy,
      tags: tags(`${name}-${service}`),
    });
  }
  return { s3, interfaceEndpoints };
}

/** The app group's HTTPS egress to S3 through the gateway's prefix list (with `appHttpsEgress: 'vpc-endpoints'`). */
export function s3EgressRule(s3: VpcEndpoint): SecurityGroupRuleSpec {
  return { name: 's3', description: 'HTTPS to S3 through the gateway endpoint (ECR image layers)', fromPort: 443, prefixListId: s3.prefixListId };
}

function accountOnlyPolicy(accountId: string): string {
  return policyDocument([
    {
      Sid: 'OnlyThisAccountsPrincipals',
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': accountId } },
    },
  ]);
}

/** ECR serves image layers from an AWS-owned bucket through pre-signed URLs signed by ECR, not by this account. */
function s3GatewayPolicy(accountOnly: string, props: NetworkProps): string {
  return policyDocument([
    ...JSON.parse(accountOnly).Statement,
    {
      Sid: 'EcrImageLayers',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:${props.partition ?? 'aws'}:s3:::prod-${props.region}-starport-layer-bucket/*`,
    },
  ]);
}
