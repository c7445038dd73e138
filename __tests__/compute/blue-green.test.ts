/**
 * Blue/green deploys (issue 20 item 1): the committed production environment synthesizes with CodeDeploy (rollback
 * alarms, bake time, test-listener reachability), the rolling environments keep the circuit breaker, bad settings
 * name the field, the value and what is allowed, and the rotation redeploy starts a CodeDeploy deployment.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALARM_BLOCKS_DEPLOYMENTS, appSpec, BLUE_GREEN_DEFAULTS, blueGreenProblems, MIN_PRODUCTION_BAKE_MINUTES, ROLLBACK_ALARM_KINDS } from '../../modules/compute/blue-green';
import { appSpecFormatTemplate } from '../../modules/compute/rotation-redeploy';
import { BLUE_GREEN_IGNORED } from '../../modules/compute/service';
import { ConfigError, ConfigProblem, validateEnvironments } from '../../modules/config/validate';
import { analyzeReachability } from '../../modules/policy/reachability';
import { evaluateStack } from '../../modules/policy/engine';
import { RULES } from '../../modules/policy/rules';
import { committedEnvironments } from '../support/environments';
import { prodInput, resolveInputs } from '../support/fixtures';
import { SynthesizedStack, synthEnvironments } from '../support/synth';

const configs = committedEnvironments();
const stacks = synthEnvironments([...configs]);
const prod = stacks.get('helloapi-prod')!;
const res = (s: SynthesizedStack, type: string) => s.resources<Record<string, any>>(type);
const ref = (address: string, attr: string) => `\${${address}.${attr}}`;

describe('production: blue/green by default', () => {
  const prodConfig = configs.find((c) => c.name === 'prod')!;

  it('resolves to blueGreen in production without saying so, rolling elsewhere', () => {
    expect(prodConfig.compute.deployment).toBe('blueGreen');
    for (const c of configs.filter((x) => !x.production)) expect(c.compute.deployment).toBe('rolling');
  });

  it('runs the service under the CODE_DEPLOY controller, without circuit breaker, leaving task definition and load balancer to CodeDeploy', () => {
    const svc = prod.resource('aws_ecs_service', 'compute_service');
    expect(svc.deployment_controller).toEqual({ type: 'CODE_DEPLOY' });
    expect(svc.deployment_circuit_breaker).toBeUndefined();
    expect(svc.availability_zone_rebalancing).toBe('DISABLED');
    expect(svc.lifecycle.ignore_changes).toEqual(BLUE_GREEN_IGNORED);
    expect(BLUE_GREEN_IGNORED).toEqual(expect.arrayContaining(['task_definition', 'load_balancer', 'desired_count']));
  });

  it('deploys through a BLUE_GREEN deployment group: both target groups, production and test listeners, bake time, rollback on failure and alarms', () => {
    const group = prod.resource('aws_codedeploy_deployment_group', 'blue_green_deployment_group');
    expect(group.deployment_style).toEqual({ deployment_type: 'BLUE_GREEN', deployment_option: 'WITH_TRAFFIC_CONTROL' });
    expect(group.ecs_service).toEqual({ cluster_name: ref('aws_ecs_cluster.compute_cluster', 'name'), service_name: ref('aws_ecs_service.compute_service', 'name') });
    expect(group.blue_green_deployment_config.terminate_blue_instances_on_deployment_success).toEqual({ action: 'TERMINATE', termination_wait_time_in_minutes: BLUE_GREEN_DEFAULTS.bakeTimeMinutes });
    expect(BLUE_GREEN_DEFAULTS.bakeTimeMinutes).toBeGreaterThanOrEqual(MIN_PRODUCTION_BAKE_MINUTES);
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] });
    const pair = group.load_balancer_info.target_group_pair_info;
    expect(pair.prod_traffic_route.listener_arns).toEqual([ref('aws_lb_listener.edge_https', 'arn')]);
    expect(pair.test_traffic_route.listener_arns).toEqual([ref('aws_lb_listener.edge_https_test', 'arn')]);
    expect(pair.target_group).toEqual([{ name: ref('aws_lb_target_group.edge_app', 'name') }, { name: ref('aws_lb_target_group.edge_app_green', 'name') }]);
    const config = prod.resource('aws_codedeploy_deployment_config', 'blue_green_deployment_config');
    expect(group.deployment_config_name).toBe(ref('aws_codedeploy_deployment_config.blue_green_deployment_config', 'deployment_config_name'));
    expect(config.traffic_routing_config).toEqual({ type: 'TimeBasedCanary', time_based_canary: { interval: 5, percentage: 10 } });
    expect(config.lifecycle).toEqual({ create_before_destroy: true });
    expect(prod.resource('aws_codedeploy_app', 'blue_green_application').compute_platform).toBe('ECS');
  });

  it('rolls back on 5xx rate, target response time and unhealthy hosts of both target groups, each alarm notifying the alert topic', () => {
    const group = prod.resource('aws_codedeploy_deployment_group', 'blue_green_deployment_group');
    const alarms = res(prod, 'aws_cloudwatch_metric_alarm');
    const named = (group.alarm_configuration.alarms as string[]).map((a) => /aws_cloudwatch_metric_alarm\.([a-z0-9_]+)\.alarm_name/.exec(a)![1]);
    expect(named.sort()).toEqual(ROLLBACK_ALARM_KINDS.flatMap((k) => ['blue', 'green'].map((c) => `monitoring_rollback_${k}_${c}`)).sort());
    const tgOf = (a: Record<string, any>) => a.dimensions?.TargetGroup ?? a.metric_query.find((q: any) => q.metric)?.metric.dimensions.TargetGroup;
    for (const id of named) {
      const a = alarms[id];
      expect(a.alarm_actions).toEqual([ref('aws_sns_topic.monitoring_topic', 'arn')]);
      expect(tgOf(a)).toBe(ref(id.endsWith('_blue') ? 'aws_lb_target_group.edge_app' : 'aws_lb_target_group.edge_app_green', 'arn_suffix'));
    }
    expect(alarms.monitoring_rollback_unhealthy_hosts_green).toMatchObject({ metric_name: 'UnHealthyHostCount', threshold: 0, comparison_operator: 'GreaterThanThreshold' });
    expect(alarms.monitoring_rollback_response_time_blue).toMatchObject({ metric_name: 'TargetResponseTime', extended_statistic: 'p99', threshold: 2 });
    const rate = alarms.monitoring_rollback_5xx_rate_blue.metric_query.map((q: any) => q.expression ?? q.metric.metric_name);
    expect(rate).toEqual(expect.arrayContaining(['100 * errors / requests', 'HTTPCode_Target_5XX_Count', 'RequestCount']));
  });

  it('says in every rollback alarm\'s description that it blocks fix-forward deployments too, and how to deploy past it (review 7 S2)', () => {
    const group = prod.resource('aws_codedeploy_deployment_group', 'blue_green_deployment_group');
    const alarms = res(prod, 'aws_cloudwatch_metric_alarm');
    for (const a of group.alarm_configuration.alarms as string[]) {
      const d = alarms[/aws_cloudwatch_metric_alarm\.([a-z0-9_]+)\./.exec(a)![1]].alarm_description as string;
      expect(d).toContain(ALARM_BLOCKS_DEPLOYMENTS);
      expect(d.length).toBeLessThanOrEqual(1024); // CloudWatch's AlarmDescription limit
    }
    expect(ALARM_BLOCKS_DEPLOYMENTS).toMatch(/--override-alarms .*overrideAlarmConfiguration enabled=false/);
    // The README section the description names exists, with the API page and the command.
    const readme = fs.readFileSync(path.join(__dirname, '../../modules/compute/README.md'), 'utf8');
    const section = readme.split(/^#+ /m).find((x) => x.startsWith('Deploying while a rollback alarm fires'))!;
    expect(section).toContain('https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html');
    expect(section).toContain('--override-alarm-configuration');
    expect(section).toContain('--override-alarms');
  });

  it('has a green target group and an HTTPS test listener (same certificate, TLS policy, headers) reachable only from the VPC', () => {
    const https = prod.resource('aws_lb_listener', 'edge_https');
    const test = prod.resource('aws_lb_listener', 'edge_https_test');
    expect(test).toMatchObject({ port: BLUE_GREEN_DEFAULTS.testListenerPort, protocol: 'HTTPS', certificate_arn: https.certificate_arn, ssl_policy: https.ssl_policy });
    expect(test.routing_http_response_strict_transport_security_header_value).toBe(https.routing_http_response_strict_transport_security_header_value);
    expect(test.lifecycle.ignore_changes).toEqual(['default_action']);
    const blue = prod.resource('aws_lb_target_group', 'edge_app');
    const green = prod.resource('aws_lb_target_group', 'edge_app_green');
    expect({ ...green, name: undefined, '//': undefined }).toEqual({ ...blue, name: undefined, '//': undefined });
    const ingress = Object.values(res(prod, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.from_port === BLUE_GREEN_DEFAULTS.testListenerPort);
    expect(ingress.map((r) => [r.cidr_ipv4, r.to_port, r.security_group_id])).toEqual([[prodConfig.network.cidr, BLUE_GREEN_DEFAULTS.testListenerPort, ref('aws_security_group.network_alb_sg', 'id')]]);
    // The reachability analysis (HAPI-NET-01) sees the test listener and that its only source is inside the VPC.
    const graph = analyzeReachability(prod.json as any);
    expect(graph.testListener).toEqual({ listener: 'aws_lb_listener.edge_https_test', port: 8443, sources: [{ rule: 'aws_vpc_security_group_ingress_rule.edge_alb_ingress_test_vpc', cidrs: [prodConfig.network.cidr], insideVpc: true }] });
    // CodeDeploy rewrites the host-locked forward rules: Terraform does not put them back.
    for (const r of Object.values(res(prod, 'aws_lb_listener_rule'))) expect(r.lifecycle).toEqual({ ignore_changes: ['action'] });
  });

  it('gives CodeDeploy a role trusted by codedeploy.amazonaws.com, scoped to this service, ALB, alarms and task roles', () => {
    const role = prod.resource('aws_iam_role', 'blue_green_role');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'codedeploy.amazonaws.com' });
    const statements = JSON.parse(prod.resource('aws_iam_role_policy', 'blue_green_policy').policy).Statement;
    const sid = (s: string) => statements.find((x: any) => x.Sid === s);
    expect(sid('TaskSetsOfTheService').Resource).toEqual([
      `arn:aws:ecs:us-east-1:222222222222:service/${ref('aws_ecs_cluster.compute_cluster', 'name')}/${ref('aws_ecs_service.compute_service', 'name')}`,
      `arn:aws:ecs:us-east-1:222222222222:task-set/${ref('aws_ecs_cluster.compute_cluster', 'name')}/${ref('aws_ecs_service.compute_service', 'name')}/*`,
    ]);
    expect(sid('RerouteThisLoadBalancer').Resource).toEqual([`arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/${ref('aws_lb.edge_alb', 'name')}/*`, `arn:aws:elasticloadbalancing:us-east-1:222222222222:listener-rule/app/${ref('aws_lb.edge_alb', 'name')}/*`]);
    expect(sid('PollRollbackAlarms').Resource).toHaveLength(6);
    expect(sid('PassTaskRoles')).toMatchObject({ Resource: [ref('aws_iam_role.compute_task_role', 'arn'), ref('aws_iam_role.compute_execution_role', 'arn')], Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } });
    expect(sid('InvokeSmokeTestHook')).toBeUndefined();
  });

  it('scales on CPU and memory only: no request-count policy or step alarm watching one of the two target groups (review 7 S1)', () => {
    const policies = res(prod, 'aws_appautoscaling_policy');
    expect(Object.keys(policies).sort()).toEqual(['compute_scaling_cpu', 'compute_scaling_memory']);
    expect(JSON.stringify(policies)).not.toContain('RequestCount');
    expect(Object.values(res(prod, 'aws_cloudwatch_metric_alarm')).filter((a) => a.metric_name === 'RequestCountPerTarget')).toEqual([]);
  });

  it('passes the policy pack (HAPI-ECS-11, HAPI-ECS-14, HAPI-ECS-15, HAPI-NET-01, the IAM rules)', () => {
    const target = { stackName: 'helloapi-prod', kind: 'environment' as const, production: true, failOnError: true, relaxations: {}, suppressions: [], siblingStacks: [] };
    const ids = ['HAPI-ECS-11', 'HAPI-ECS-14', 'HAPI-ECS-15', 'HAPI-NET-01', 'HAPI-IAM-01', 'HAPI-IAM-02', 'HAPI-IAM-03', 'HAPI-IAM-04', 'HAPI-ELB-03', 'HAPI-ELB-11'];
    const report = evaluateStack(prod.json as any, target, RULES.filter((r) => ids.includes(r.id)));
    expect(report.results.filter((r) => r.status !== 'pass').map((r) => `${r.rule} ${r.subject}: ${r.message}`)).toEqual([]);
    expect(new Set(report.results.map((r) => r.rule))).toEqual(new Set(ids));
  });
});

describe('rolling environments', () => {
  for (const c of configs.filter((x) => x.compute.deployment === 'rolling')) {
    it(`${c.name}: rolling under the circuit breaker with rollback, no CodeDeploy, no test listener`, () => {
      const s = stacks.get(c.stackName)!;
      const svc = s.resource('aws_ecs_service', 'compute_service');
      expect(svc.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
      expect(svc.deployment_controller).toBeUndefined();
      expect(svc.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
      expect(Object.keys(res(s, 'aws_codedeploy_deployment_group'))).toEqual([]);
      expect(res(s, 'aws_lb_listener').edge_https_test).toBeUndefined();
      expect(res(s, 'aws_lb_target_group').edge_app_green).toBeUndefined();
      expect(Object.keys(res(s, 'aws_cloudwatch_metric_alarm')).filter((a) => a.includes('rollback_'))).toEqual([]);
      expect(JSON.parse(s.resource('aws_sfn_state_machine', 'rotation_redeploy_state_machine').definition).StartAt).toBe('ForceNewDeployment');
    });
  }
});

describe('configuration', () => {
  const problems = (input: unknown): ConfigProblem[] => {
    try {
      validateEnvironments([{ source: 'environments/prod.ts', fileName: 'prod', raw: input }]);
    } catch (e) {
      return [...(e as ConfigError).problems];
    }
    throw new Error('expected validation to fail');
  };

  it('refuses rolling in production without the relaxation, naming field, value and the way out', () => {
    const [p] = problems(prodInput({ compute: { ...prodInput().compute, deployment: 'rolling' } }));
    expect(p).toMatchObject({ path: 'compute.deployment', value: '"rolling"' });
    expect(p.message).toContain('relaxations.rollingDeployment');
  });

  it('accepts rolling in production with relaxations.rollingDeployment, which HAPI-ECS-15 reports as relaxed', () => {
    const [c] = resolveInputs(prodInput({ compute: { ...prodInput().compute, deployment: 'rolling' }, relaxations: { rollingDeployment: { reason: 'a single-task-set service for now' } } }));
    expect(c.compute.deployment).toBe('rolling');
    const s = synthEnvironments([c]).get(c.stackName)!;
    expect(s.resource('aws_ecs_service', 'compute_service').deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    const report = evaluateStack(s.json as any, { stackName: c.stackName, kind: 'environment', production: true, failOnError: true, relaxations: c.relaxations, suppressions: [], siblingStacks: [] }, RULES.filter((r) => r.id === 'HAPI-ECS-15'));
    expect(report.results.map((r) => [r.status, r.reason])).toEqual([['relaxed', 'a single-task-set service for now']]);
  });

  it('reports every bad blue/green setting at once, each with its field, value and what is allowed', () => {
    const list = problems(
      prodInput({
        compute: {
          ...prodInput().compute,
          blueGreen: { percentage: 0, intervalMinutes: 3000, bakeTimeMinutes: -1, testListenerPort: 443, testListenerAllowedCidrs: ['10.0.0.0/33', '0.0.0.0/0'], smokeTestFunctionArn: 'smoke' },
        },
      }),
    );
    const at = (path: string) => list.find((p) => p.path === path);
    expect(at('compute.blueGreen.percentage')).toMatchObject({ value: '0', message: 'must be a whole number 1-99 (percent of production traffic per step)' });
    expect(at('compute.blueGreen.intervalMinutes')).toMatchObject({ value: '3000', message: 'must be a whole number 1-2880 (minutes between traffic shifts)' });
    expect(at('compute.blueGreen.bakeTimeMinutes')).toMatchObject({ value: '-1' });
    expect(at('compute.blueGreen.testListenerPort')).toMatchObject({ value: '443', message: 'must not be 80 or 443 (the production listeners)' });
    expect(at('compute.blueGreen.testListenerAllowedCidrs.0')?.message).toContain('IPv4 CIDR');
    expect(at('compute.blueGreen.testListenerAllowedCidrs.1')?.message).toContain('whole internet');
    expect(at('compute.blueGreen.smokeTestFunctionArn')?.message).toContain('Lambda function ARN');
    // The edge layer's copy of the test-listener settings is not reported twice.
    expect(list.filter((p) => p.path.startsWith('edge.'))).toEqual([]);
  });

  it('refuses an unknown deployment mode with the allowed values', () => {
    expect(problems(prodInput({ compute: { ...prodInput().compute, deployment: 'canary' as never } }))[0]).toMatchObject({ path: 'compute.deployment', message: 'must be one of "rolling", "blueGreen"' });
  });

  it('the layer check alone accepts the defaults and a linear shift', () => {
    expect(blueGreenProblems(undefined)).toEqual([]);
    expect(blueGreenProblems({ trafficShift: 'linear', percentage: 25, intervalMinutes: 2, bakeTimeMinutes: 60, testListenerAllowedCidrs: ['192.168.0.0/16'] })).toEqual([]);
  });
});

describe('settings flow into the resources', () => {
  const hook = 'arn:aws:lambda:us-east-1:222222222222:function:helloapi-prod-smoke';
  const [c] = resolveInputs(
    prodInput({ compute: { ...prodInput().compute, blueGreen: { trafficShift: 'linear', percentage: 20, intervalMinutes: 3, bakeTimeMinutes: 45, testListenerPort: 9443, testListenerAllowedCidrs: ['192.168.10.0/24'], smokeTestFunctionArn: hook } } }),
  );
  const s = synthEnvironments([c]).get(c.stackName)!;

  it('linear shifting, bake time, test port and the allow list', () => {
    expect(s.resource('aws_codedeploy_deployment_config', 'blue_green_deployment_config')).toMatchObject({
      deployment_config_name: 'helloapi-prod-linear-20pct-3min',
      traffic_routing_config: { type: 'TimeBasedLinear', time_based_linear: { interval: 3, percentage: 20 } },
    });
    const group = s.resource('aws_codedeploy_deployment_group', 'blue_green_deployment_group');
    expect(group.blue_green_deployment_config.terminate_blue_instances_on_deployment_success.termination_wait_time_in_minutes).toBe(45);
    expect(s.resource('aws_lb_listener', 'edge_https_test').port).toBe(9443);
    const ingress = Object.entries(res(s, 'aws_vpc_security_group_ingress_rule')).filter(([, r]) => r.from_port === 9443);
    expect(Object.fromEntries(ingress.map(([id, r]) => [id, r.cidr_ipv4]))).toEqual({ edge_alb_ingress_test_vpc: '10.30.0.0/16', edge_alb_ingress_test_0: '192.168.10.0/24' });
    expect(analyzeReachability(s.json as any).testListener?.sources.map((x) => [x.cidrs, x.insideVpc]).sort()).toEqual([[['10.30.0.0/16'], true], [['192.168.10.0/24'], false]].sort());
  });

  it('the smoke-test hook: the CodeDeploy role may invoke exactly it, the rotation redeploy AppSpec names it', () => {
    const statements = JSON.parse(s.resource('aws_iam_role_policy', 'blue_green_policy').policy).Statement;
    expect(statements.find((x: any) => x.Sid === 'InvokeSmokeTestHook')).toEqual({ Sid: 'InvokeSmokeTestHook', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: hook });
    const definition = JSON.parse(s.resource('aws_sfn_state_machine', 'rotation_redeploy_state_machine').definition);
    expect(definition.States.CreateDeployment.Parameters.Revision.AppSpecContent['Content.$']).toContain(hook);
  });
});

describe('rotation redeploy of a blue/green service', () => {
  const definition = JSON.parse(prod.resource('aws_sfn_state_machine', 'rotation_redeploy_state_machine').definition);
  const statements = JSON.parse(prod.resource('aws_iam_role_policy', 'rotation_redeploy_state_machine_policy').policy).Statement;

  it('finds the PRIMARY task set\'s task definition, then starts a CodeDeploy deployment of it (UpdateService cannot redeploy a CODE_DEPLOY service)', () => {
    expect(definition.StartAt).toBe('FindTaskDefinition');
    expect(definition.States.FindTaskDefinition).toMatchObject({ Resource: 'arn:aws:states:::aws-sdk:ecs:describeServices', Next: 'CreateDeployment' });
    expect(definition.States.FindTaskDefinition.ResultSelector['TaskDefinitions.$']).toContain("@.Status == 'PRIMARY'");
    const create = definition.States.CreateDeployment;
    expect(create).toMatchObject({ Resource: 'arn:aws:states:::aws-sdk:codedeploy:createDeployment', End: true });
    expect(create.Parameters).toMatchObject({ ApplicationName: 'helloapi-prod-api', DeploymentGroupName: 'helloapi-prod-api', Revision: { RevisionType: 'AppSpecContent' } });
    expect(JSON.stringify(definition)).not.toContain('updateService');
  });

  it('may describe exactly the service and deploy exactly its deployment group (no ecs:UpdateService)', () => {
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions).not.toContain('ecs:UpdateService');
    const by = (a: string) => statements.find((s: any) => [s.Action].flat().includes(a));
    expect(by('codedeploy:CreateDeployment').Resource).toBe('arn:aws:codedeploy:us-east-1:222222222222:deploymentgroup:helloapi-prod-api/helloapi-prod-api');
    expect(by('codedeploy:GetDeploymentConfig').Resource).toBe('arn:aws:codedeploy:us-east-1:222222222222:deploymentconfig:helloapi-prod-canary-10pct-5min');
    expect(by('ecs:DescribeServices').Resource).toContain(':service/');
  });

  it('the AppSpec template, once Step Functions unescapes it and fills in the ARN, is the AppSpec', () => {
    const input = { containerName: 'api', containerPort: 8000, smokeTestFunctionArn: "arn:aws:lambda:us-east-1:222222222222:function:o'brien" };
    const template = appSpecFormatTemplate({ applicationName: 'a', deploymentGroupName: 'g', deploymentConfigName: 'c', ...input });
    // States.Format: `\x` is a literal x; an unescaped `{}` is the argument (intrinsic-functions.html).
    const arn = 'arn:aws:ecs:us-east-1:222222222222:task-definition/helloapi-prod-api:7';
    const filled = template.replace(/\\(.)|\{\}/g, (_m, escaped) => (escaped !== undefined ? escaped : arn));
    expect(JSON.parse(filled)).toEqual({ ...appSpec({ taskDefinitionArn: arn, ...input }), version: 0 });
    expect(filled).toContain('"version":0.0');
    expect(template.match(/(?<!\\)\{\}/g)).toHaveLength(1);
    expect(template).not.toMatch(/(?<!\\)'/);
  });
});
