/** Route tables: public to the internet gateway, app to the NAT gateways, data local only. */
import { Construct } from 'constructs';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { SubnetTier } from './cidr';
import { NetworkNaming } from './naming';
import { AZ_LETTERS } from './subnets';

/** The layer's route tables. */
export interface NetworkRouteTables {
  /** Shared by the public subnets; default route to the internet gateway. */
  readonly public: RouteTable;
  /** One per AZ; default route to that AZ's NAT gateway (or the single one). */
  readonly app: RouteTable[];
  /** Shared by the data subnets; local routes only. */
  readonly data: RouteTable;
}

export interface RouteTableInputs {
  readonly vpcId: string;
  readonly subnets: Record<SubnetTier, Subnet[]>;
  readonly internetGateway: InternetGateway;
  /** The NAT gateways: one per AZ, or one (`natMode` 'single'). */
  readonly natGateways: readonly NatGateway[];
  readonly natMode: 'per-az' | 'single';
}

/** The route tables, their default routes and their subnet associations. */
export function buildRouteTables(scope: Construct, input: RouteTableInputs, { name, tags }: NetworkNaming): NetworkRouteTables {
  const { vpcId, subnets } = input;
  const publicRt = new RouteTable(scope, 'public_rt', { vpcId, tags: tags(`${name}-public`) });
  new Route(scope, 'public_internet_route', { routeTableId: publicRt.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: input.internetGateway.id });
  subnets.public.forEach((s, i) => new RouteTableAssociation(scope, `public_${AZ_LETTERS[i]}_rta`, { subnetId: s.id, routeTableId: publicRt.id }));

  // One app route table per AZ in both NAT modes, so switching modes only re-points routes.
  const appRts = subnets.private_app.map((s, i) => {
    const l = AZ_LETTERS[i];
    const rt = new RouteTable(scope, `private_app_rt_${l}`, { vpcId, tags: tags(`${name}-app-${l}`) });
    const nat = input.natGateways[input.natMode === 'single' ? 0 : i];
    new Route(scope, `private_app_nat_route_${l}`, { routeTableId: rt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
    new RouteTableAssociation(scope, `private_app_${l}_rta`, { subnetId: s.id, routeTableId: rt.id });
    return rt;
  });

  // The data tier has only the VPC's local route: no internet, no NAT.
  const dataRt = new RouteTable(scope, 'data_rt', { vpcId, tags: tags(`${name}-data`) });
  subnets.data.forEach((s, i) => new RouteTableAssociation(scope, `data_${AZ_LETTERS[i]}_rta`, { subnetId: s.id, routeTableId: dataRt.id }));
  return { public: publicRt, app: appRts, data: dataRt };
}
