/** The VPC, its internet gateway, the emptied default security group, and the subnets of every tier. */
import { Construct } from 'constructs';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { SubnetPlan, SubnetTier } from './cidr';
import { NetworkNaming } from './naming';

/** Subnet ids and route-table ids use these letters for the first, second and third AZ. */
export const AZ_LETTERS = ['a', 'b', 'c'];

/** The VPC and what every VPC of the layer has: the internet gateway and the managed, empty default group. */
export function buildVpc(scope: Construct, cidr: string, { name, tags }: NetworkNaming) {
  const vpc = new Vpc(scope, 'vpc', { cidrBlock: cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tags(name) });
  const defaultSecurityGroup = new DefaultSecurityGroup(scope, 'default_security_group', {
    vpcId: vpc.id,
    // No ingress/egress blocks: Terraform removes every rule of the default group and keeps it empty.
    tags: tags(`${name}-default-unused`),
  });
  const internetGateway = new InternetGateway(scope, 'igw', { vpcId: vpc.id, tags: tags(name) });
  return { vpc, defaultSecurityGroup, internetGateway };
}

/** One subnet per AZ and tier (`public_a`, `private_app_a`, `data_a`, ...), carved as `plan` says; none maps public IPs. */
export function buildSubnets(scope: Construct, vpcId: string, plan: readonly SubnetPlan[], azs: readonly string[], { name, tags }: NetworkNaming): Record<SubnetTier, Subnet[]> {
  const subnetsOf = (tier: SubnetTier, label: string) =>
    plan
      .filter((s) => s.tier === tier)
      .map(
        (s) =>
          new Subnet(scope, `${tier}_${AZ_LETTERS[s.azIndex]}`, {
            vpcId,
            cidrBlock: s.cidr,
            availabilityZone: azs[s.azIndex],
            mapPublicIpOnLaunch: false,
            tags: tags(`${name}-${label}-${AZ_LETTERS[s.azIndex]}`, { Tier: label }),
          }),
      );
  const publicSubnets = subnetsOf('public', 'public');
  const appSubnets = subnetsOf('private_app', 'app');
  const dataSubnets = subnetsOf('data', 'data');
  return { public: publicSubnets, private_app: appSubnets, data: dataSubnets };
}
