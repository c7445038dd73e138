/**
 * The environment stack's wiring (issue 18 item 3): each fact enters once and the layers read it from each
 * other's typed outputs.
 */
import { devInput, resolveInputs } from '../support/fixtures';
import { synthEnvironments } from '../support/synth';

describe('environment wiring', () => {
  const [config] = resolveInputs(devInput({ compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'v1.0.0' }, containerPort: 9000 } }));
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
