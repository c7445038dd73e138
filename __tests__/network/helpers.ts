import { TerraformOutput } from 'cdktf';
import { PropsError } from '../../modules/core/problems';
import { Network, NetworkProps } from '../../modules/network';
import { SynthesizedStack, synthStack } from '../support/synth';

export const BASE: NetworkProps = {
  name: 'hapi-test',
  accountId: '123456789012',
  region: 'us-east-1',
  cidr: '10.0.0.0/16',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
};

export const AZ2 = ['us-east-1a', 'us-east-1b'];
export const AZ3 = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** Synthesizes a stack holding one `network` layer (addresses `*.network_*`), plus its outputs as Terraform outputs. */
export function synthNetwork(overrides: Partial<NetworkProps> = {}, extra?: (n: Network) => void): { stack: SynthesizedStack; network: Network } {
  let network!: Network;
  const stack = synthStack((s) => {
    network = new Network(s, 'network', { ...BASE, ...overrides });
    new TerraformOutput(s, 'out_app_subnets', { value: network.outputs.appSubnetIds });
    new TerraformOutput(s, 'out_app_sg', { value: network.outputs.appSecurityGroupId });
    new TerraformOutput(s, 'out_data_subnets', { value: network.outputs.dataSubnetIds });
    extra?.(network);
  });
  return { stack, network };
}

/** Builds the layer (stack `test`) and returns the PropsError it throws; fails the test when it throws nothing else. */
export function propsErrorObject(overrides: Partial<NetworkProps>): PropsError {
  try {
    synthStack((s) => {
      new Network(s, 'network', { ...BASE, ...overrides });
    });
  } catch (e) {
    if (e instanceof PropsError) return e;
    throw e;
  }
  throw new Error('the network layer accepted the props');
}

/** Builds the layer and returns the message of the PropsError it throws (or '' when it does not throw). */
export function propsError(overrides: Partial<NetworkProps>): string {
  try {
    return propsErrorObject(overrides).message;
  } catch (e) {
    if ((e as Error).message === 'the network layer accepted the props') return '';
    throw e;
  }
}

export type Rule = {
  security_group_id: string;
  ip_protocol: string;
  from_port?: number;
  to_port?: number;
  cidr_ipv4?: string;
  prefix_list_id?: string;
  referenced_security_group_id?: string;
  description?: string;
};

const SG_REF = /^\$\{aws_security_group\.network_([a-z]+)_sg\.id\}$/;

/** Group short name (`alb`, `app`, `db`, `endpoint`) from a `${aws_security_group.network_<x>_sg.id}` reference. */
export function groupOf(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const m = SG_REF.exec(ref);
  return m ? m[1] : ref;
}

/** Every rule of one direction, as `group proto from-to peer` lines, sorted. */
export function ruleLines(stack: SynthesizedStack, direction: 'ingress' | 'egress'): string[] {
  const rules = stack.resources<Rule>(`aws_vpc_security_group_${direction}_rule`);
  return Object.values(rules)
    .map((r) => {
      const peer = r.cidr_ipv4 ?? (r.prefix_list_id ? `pl:${r.prefix_list_id}` : `sg:${groupOf(r.referenced_security_group_id)}`);
      return `${groupOf(r.security_group_id)} ${r.ip_protocol} ${r.from_port}-${r.to_port} ${peer}`;
    })
    .sort();
}
