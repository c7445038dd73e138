/** The DB subnet group (the isolated data subnets) and the parameter group (TLS required, logging). */
import { Construct } from 'constructs';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import type { DatabaseProps } from './index';
import type { DatabaseSettings } from './settings';

/** `subnet_group`: the data subnets only. */
export function subnetGroup(scope: Construct, props: DatabaseProps, s: DatabaseSettings): DbSubnetGroup {
  return new DbSubnetGroup(scope, 'subnet_group', {
    name: `${s.name}-db`,
    description: `${s.name} database: isolated data subnets only`,
    subnetIds: props.network.dataSubnetIds,
    tags: s.tags(`${s.name}-db`),
  });
}

/** `parameter_group`: the layer's own settings and the extra ones, for the engine major's family. */
export function parameterGroup(scope: Construct, s: DatabaseSettings): DbParameterGroup {
  return new DbParameterGroup(scope, 'parameter_group', {
    // The family is in the name so a major upgrade creates a new group before the old one is removed.
    name: `${s.name}-postgres${s.major}`,
    family: `postgres${s.major}`,
    // The description forces replacement; with create_before_destroy and a fixed name, only change it with the major.
    description: `${s.name} PostgreSQL ${s.major}: TLS required, slow statements and connections logged`,
    parameter: s.parameters.map((p) => ({ name: p.name, value: p.value, applyMethod: 'immediate' })),
    tags: s.tags(`${s.name}-postgres${s.major}`),
    lifecycle: { createBeforeDestroy: true },
  });
}
