/**
 * The environment stack's wiring (issue 18 item 3): each fact enters once and the layers read it from each
 * other's typed outputs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveLayerProps } from '../../modules/config/layer-props';
import { devInput, resolveInputs } from '../support/fixtures';
import { synthEnvironments } from '../support/synth';

/** A dev environment whose container port is not the default. */
const [config] = resolveInputs(devInput({ compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'v1.0.0' }, containerPort: 9000 } }));

describe('environment wiring', () => {
  const dev = synthEnvironments([config]).get('helloapi-dev')!;
  type Rule = { security_group_id: string; referenced_security_group_id?: string; from_port: number; to_port: number };
  const ingress = Object.values(dev.resources<Rule>('aws_vpc_security_group_ingress_rule'));
  const admitted = (group: string, peer: string) =>
    ingress.filter((r) => r.security_group_id.includes(`network_${group}_sg`) && (r.referenced_security_group_id ?? '').includes(`network_${peer}_sg`)).map((r) => [r.from_port, r.to_port]);

  it('the container port enters once (the network admits it) and reaches the target group, the container and the service', () => {
    expect(admitted('app', 'alb')).toEqual([[9000, 9000]]);
    expect(dev.resource('aws_lb_target_group', 'edge_app').port).toBe(9000);
    const [web] = JSON.parse(dev.resource('aws_ecs_task_definition', 'compute_task_definition').container_definitions as string);
    expect(web.portMappings).toEqual([{ containerPort: 9000, hostPort: 9000, protocol: 'tcp' }]);
    expect(dev.resource('aws_ecs_service', 'compute_service').load_balancer[0].container_port).toBe(9000);
  });

  it('the database listens on the port the network admits from the app', () => {
    expect(admitted('db', 'app')).toEqual([[5432, 5432]]);
    expect(dev.resource('aws_db_instance', 'database_primary').port).toBe(5432);
  });
});

describe('resolveLayerProps: the config resolved into the layers\' props once', () => {
  const relaxed = resolveInputs(
    devInput({
      compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'latest' }, redeployOnSecretRotation: false },
      monitoring: { alarmEmails: ['ops@example.com'], securityFindingAlerts: false },
      relaxations: {
        noDeletionProtection: { reason: 'Dev stacks are rebuilt freely.' },
        mutableImageTag: { reason: 'Dev follows latest.' },
      },
    }),
  )[0];
  const strict = resolveLayerProps(config);
  const loose = resolveLayerProps(relaxed);

  it("gives every layer the same base: <app>-<env>, the account, the region and the region's partition", () => {
    const base = { name: 'helloapi-dev', accountId: '111111111111', region: 'us-east-1', partition: 'aws' };
    expect(strict.base).toEqual(base);
    for (const layer of [strict.network, strict.database, strict.edge, strict.compute, strict.monitoring, strict.rotationRedeploy]) expect(layer).toMatchObject(base);
  });

  it('turns noDeletionProtection into every layer\'s protection settings, in one place', () => {
    const protection = (p: typeof strict) => [p.network.preventDestroy, p.database.preventDestroy, p.compute.preventDestroy, p.monitoring.preventDestroy, p.compute.secretRecoveryWindowInDays, p.database.deletionProtection, p.edge.deletionProtection];
    expect(protection(strict)).toEqual([true, true, true, true, 30, true, true]);
    expect(protection(loose)).toEqual([false, false, false, false, 0, false, false]);
  });

  it('turns mutableImageTag, redeployOnSecretRotation and securityFindingAlerts into props', () => {
    expect([strict.compute.allowMutableTag, loose.compute.allowMutableTag]).toEqual([false, true]);
    expect(strict.rotationRedeploy).toEqual(strict.base);
    expect(loose.rotationRedeploy).toBeUndefined();
    // Findings go through the account baseline (its stack reads securityFindingAlerts), never per environment.
    expect([strict.monitoring.securityFindings, loose.monitoring.securityFindings]).toEqual([false, false]);
  });

  it('gives the ports to the network only (the other layers read them from its outputs)', () => {
    expect(strict.network.containerPort).toBe(9000);
    expect(strict.edge.containerPort).toBeUndefined();
    expect(strict.compute.containerPort).toBeUndefined();
    expect(strict.database.port).toBeUndefined();
  });

  it('is pure: the same config gives equal props', () => {
    expect(resolveLayerProps(config)).toEqual(strict);
  });
});

describe('EnvironmentStack: a pure mapping', () => {
  it('reads from the config only what the providers, the backend and the outputs need; every layer setting comes from resolveLayerProps', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'modules', 'stacks', 'environment-stack.ts'), 'utf8');
    const reads = [...new Set([...source.matchAll(/\bconfig\.([A-Za-z.]+)/g)].map((m) => m[1]))].sort();
    expect(reads).toEqual(['account.id', 'account.region', 'app', 'dns.accountId', 'dns.roleArn', 'name', 'stackName', 'tags']);
  });
});
