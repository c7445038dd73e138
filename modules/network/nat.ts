/** NAT gateways: one per AZ, or a single shared one in the first AZ. */
import { Construct } from 'constructs';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { NetworkNaming } from './naming';
import { AZ_LETTERS } from './subnets';

/** An Elastic IP and a public NAT gateway (`nat_eip_a`, `nat_a`, ...) in each of the first `count` public subnets. */
export function buildNatGateways(scope: Construct, count: number, publicSubnets: readonly Subnet[], internetGateway: InternetGateway, { name, tags }: NetworkNaming) {
  const eips: Eip[] = [];
  const gateways: NatGateway[] = [];
  for (let i = 0; i < count; i++) {
    const l = AZ_LETTERS[i];
    const eip = new Eip(scope, `nat_eip_${l}`, { domain: 'vpc', tags: tags(`${name}-nat-${l}`), dependsOn: [internetGateway] });
    eips.push(eip);
    gateways.push(
      new NatGateway(scope, `nat_${l}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[i].id,
        connectivityType: 'public',
        tags: tags(`${name}-nat-${l}`),
        dependsOn: [internetGateway],
      }),
    );
  }
  return { eips, gateways };
}
