/**
 * The network layer's base props (name at most NETWORK_MAX_NAME_LENGTH, the network module's limit; account,
 * region, partition) and its container port, which it refuses as the compute layer does (the container runs as
 * non-root), while the published module fixes the port at 8000.
 */
import { CONTAINER_PORT_RANGE } from '../../modules/core/limits';
import { computePropsProblems } from '../../modules/compute/validate';
import { network2azModule, networkModule } from '../../modules/network/terraform-module';
import { NETWORK_MAX_NAME_LENGTH, networkPropsProblems } from '../../modules/network/validation';
import { describeBaseProps, propsErrorOf } from '../support/base-props';
import { BASE, propsErrorObject, synthNetwork } from './helpers';

describeBaseProps({ kind: 'Network', build: (base) => synthNetwork(base), maxNameLength: NETWORK_MAX_NAME_LENGTH, modules: [networkModule, network2azModule] });

describe('network: containerPort (the only port the app security group admits from the load balancer)', () => {
  it('refuses a port under 1024 with the compute layer\'s message, with the other problems in one PropsError', () => {
    const error = propsErrorObject({ containerPort: 80, name: 'Zeta_Billing' });
    expect(error.problems.map((p) => [p.prop, p.value])).toEqual([
      ['name', 'Zeta_Billing'],
      ['containerPort', 80],
    ]);
    expect(error.message).toContain('\n  containerPort = 80: must be a whole number 1024-65535 (the container runs as non-root)');
    const compute = computePropsProblems({ ...BASE, allowedHosts: ['api.example.com'], image: { tag: 'v1' }, sizing: { cpu: 256, memory: 512 }, scaling: { desiredCount: 1 }, containerPort: 80 });
    expect(compute.find((p) => p.prop === 'containerPort')?.message).toBe(error.problems[1].message);
  });

  it('accepts what the compute layer accepts: whole numbers 1024-65535', () => {
    const refused = (containerPort: number) => networkPropsProblems({ ...BASE, containerPort }).map((p) => p.prop);
    expect(CONTAINER_PORT_RANGE).toEqual({ min: 1024, max: 65535 });
    for (const port of [1024, 8000, 65535]) expect(refused(port)).toEqual([]);
    for (const port of [0, 443, 1023, 65536, 8000.5]) expect(refused(port)).toEqual(['containerPort']);
    expect(() => synthNetwork({ containerPort: 1024 })).not.toThrow();
    expect(propsErrorOf(() => synthNetwork({ containerPort: 1023 })).problems.map((p) => p.prop)).toEqual(['containerPort']);
  });

  it('keeps the database port a plain TCP port (1-65535), as the module\'s database_port', () => {
    expect(networkPropsProblems({ ...BASE, databasePort: 80 })).toEqual([]);
    expect(networkPropsProblems({ ...BASE, databasePort: 0 }).map((p) => [p.prop, p.message])).toEqual([['databasePort', 'must be a whole number 1-65535']]);
  });

  it('the published modules have no container port variable: they fix it at 8000, within the range', () => {
    for (const spec of [networkModule, network2azModule]) {
      expect(spec.variables.map((v) => v.name)).not.toContain('container_port');
      expect(spec.description).toContain('container port 8000');
    }
    expect(8000).toBeGreaterThanOrEqual(CONTAINER_PORT_RANGE.min);
  });
});
