/**
 * Drift classification (modules/review/drift.ts) on `terraform show -json` fixtures (fixtures/drift/README.md):
 * resources changed, deleted and added, replaced, drift the configuration accepts, a clean plan and failures.
 */
import * as fs from 'fs';
import * as path from 'path';
import { classifyDrift, issueAction, issueIdentity, renderDriftMarkdown } from '../../modules/review/drift';
import type { TerraformPlanJson } from '../../modules/review/summary';
import { main } from '../../scripts/drift';
import { committedEnvironments } from '../support/environments';
import { tmpOutdir } from '../support/synth';

const FIXTURES = path.join(__dirname, 'fixtures', 'drift');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as TerraformPlanJson;

describe('drift classification', () => {
  it('reads fixtures in the shape of terraform show -json 1.2', () => {
    for (const f of ['changes', 'drift-only', 'clean', 'host-rules']) {
      const p = load(f);
      expect([f, p.format_version, p.terraform_version]).toEqual([f, '1.2', '1.11.4']);
      for (const rc of [...(p.resource_changes ?? []), ...(p.resource_drift ?? [])]) {
        expect(Object.keys(rc)).toEqual(expect.arrayContaining(['address', 'mode', 'type', 'name', 'provider_name', 'change']));
      }
    }
  });

  it('classifies changed and deleted outside Terraform, and every planned create, update, replace and delete with its cause', () => {
    const r = classifyDrift('dev', 'helloapi-dev', load('changes'), 2);
    expect([r.status, r.problems]).toEqual(['drift', []]);
    expect(r.outside).toEqual([
      { address: 'aws_db_instance.database_primary', type: 'aws_db_instance', kind: 'changed', attributes: ['allocated_storage'], plan: 'replace' },
      { address: 'aws_iam_role.compute_task_role', type: 'aws_iam_role', kind: 'deleted', attributes: [], plan: 'create' },
      { address: 'aws_kms_key.database_key', type: 'aws_kms_key', kind: 'changed', attributes: ['policy'], plan: 'update' },
    ]);
    const planned = Object.fromEntries(r.planned.map((p) => [p.address, [p.kind, p.cause]]));
    expect(planned).toEqual({
      'aws_cloudwatch_log_group.compute_app_logs': ['replace', 'code'],
      'aws_cloudwatch_log_group.compute_exec_logs': ['move', 'code'],
      'aws_db_instance.database_primary': ['replace', 'outside change and code'],
      'aws_iam_role.compute_task_role': ['create', 'outside change'],
      'aws_kms_key.database_key': ['update', 'outside change'],
      'aws_s3_bucket.edge_old_access_logs': ['delete', 'code'],
      'aws_sns_topic.monitoring_alerts': ['update', 'code'],
      'aws_sns_topic_subscription.monitoring_old_webhook': ['delete', 'code'],
      'aws_vpc_security_group_ingress_rule.network_alb_https': ['create', 'code'],
    });
    expect(r.planned.find((p) => p.address === 'aws_db_instance.database_primary')?.dataLoss).toMatch(/database instance/);
    expect(issueAction(r.status)).toBe('open');
  });

  it('accepts drift the configuration ignores (desired_count owned by auto scaling): exit 0, the issue closes', () => {
    const r = classifyDrift('dev', 'helloapi-dev', load('drift-only'), 0);
    expect([r.status, r.planned, r.problems]).toEqual(['accepted', [], []]);
    expect(r.outside).toEqual([{ address: 'aws_ecs_service.compute_service', type: 'aws_ecs_service', kind: 'changed', attributes: ['desired_count'], plan: 'accepted' }]);
    expect(issueAction(r.status)).toBe('close');
    expect(renderDriftMarkdown(r)).toContain('| `aws_ecs_service.compute_service` | `desired_count` | accepted (no planned change) |');
  });

  describe('blue/green host-lock rules (review 7 S3): action is ignored, so only a change outside the target-group pair is drift', () => {
    const plan = () => load('host-rules');
    const ruleC = (p: TerraformPlanJson) => (p.resource_drift as any[]).find((d) => d.address.endsWith('forward_c'));

    it('accepts CodeDeploy\'s rewrites (to green, weighted blue/green) and reports a forward to another target group as not reverted drift: the issue opens', () => {
      const r = classifyDrift('prod', 'helloapi-prod', plan(), 0);
      expect([r.status, r.planned, r.problems, issueAction(r.status)]).toEqual(['drift', [], [], 'open']);
      expect(r.outside.map((o) => [o.address, o.attributes, o.plan])).toEqual([
        ['aws_lb_listener_rule.edge_https_forward_a', ['action'], 'accepted'],
        ['aws_lb_listener_rule.edge_https_forward_b', ['action'], 'accepted'],
        ['aws_lb_listener_rule.edge_https_forward_c', ['action'], 'not reverted'],
      ]);
      expect(r.outside[2].concern).toBe(
        "forwards to 1 target group(s) outside the pair, not a forward between the blue/green target groups aws_lb_target_group.edge_app and aws_lb_target_group.edge_app_green; the configuration ignores action (CodeDeploy's), so no apply reverts it",
      );
      const md = renderDriftMarkdown(r);
      expect(md).toContain('| `aws_lb_listener_rule.edge_https_forward_c` | `action` | ⚠️ **not reverted**: forwards to 1 target group(s) outside the pair');
      expect(md).toContain('Not reverted by an apply: point each such rule back at the target group production is on, by hand');
      expect(md).not.toContain('To resolve: apply the code');
      for (const value of ['arn:aws:', 'helloapi-prod-old', 'v5.api.example.com']) expect([value, md.includes(value)]).toEqual([value, false]);
    });

    it('reports a fixed response, a redirect or a forward to nothing the same way; back within the pair it is accepted and the issue closes', () => {
      const withAction = (action: object) => {
        const p = plan();
        ruleC(p).change.after.action = [action];
        return classifyDrift('prod', 'helloapi-prod', p, 0).outside.find((o) => o.address.endsWith('forward_c'))!;
      };
      const none = { type: 'forward', target_group_arn: '', forward: [], fixed_response: [], redirect: [] };
      expect(withAction({ ...none, type: 'fixed-response', fixed_response: [{ status_code: '503' }] }).concern).toMatch(/^answers with fixed-response, not a forward/);
      expect(withAction({ ...none, type: 'redirect' }).concern).toMatch(/^answers with redirect/);
      expect(withAction(none).concern).toMatch(/^forwards to no target group/);
      const green = ruleC(plan()).change.before.action[0];
      const back = plan();
      ruleC(back).change.after.action = [{ ...green, target_group_arn: (plan().resource_drift as any[])[0].change.after.action[0].target_group_arn }];
      const r = classifyDrift('prod', 'helloapi-prod', back, 0);
      expect([r.status, r.outside.map((o) => o.plan), issueAction(r.status)]).toEqual(['accepted', ['accepted', 'accepted', 'accepted'], 'close']);
    });

    it('still reports a wrong action that an apply has saved into the state (no drift entry left): the issue stays open', () => {
      const saved = plan();
      (saved as any).resource_drift = (saved.resource_drift as any[]).filter((d) => !d.address.endsWith("forward_c"));
      const r = classifyDrift('prod', 'helloapi-prod', saved, 0);
      expect([r.status, issueAction(r.status)]).toEqual(['drift', 'open']);
      expect(r.outside.map((o) => [o.address, o.plan])).toEqual([
        ['aws_lb_listener_rule.edge_https_forward_a', 'accepted'],
        ['aws_lb_listener_rule.edge_https_forward_b', 'accepted'],
        ['aws_lb_listener_rule.edge_https_forward_c', 'not reverted'],
      ]);
      expect(r.outside[2].concern).toMatch(/^forwards to 1 target group\(s\) outside the pair/);
    });

    it('leaves rules that are not on a deployment group\'s listener, and states without a deployment group, to the plan', () => {
      const elsewhere = plan();
      ruleC(elsewhere).change.after.listener_arn = 'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/other/1/2';
      expect(classifyDrift('prod', 'helloapi-prod', elsewhere, 0).status).toBe('accepted');
      const rolling = plan();
      (rolling.prior_state as any).values.root_module.resources = (rolling.prior_state as any).values.root_module.resources.filter((r: any) => r.type !== 'aws_codedeploy_deployment_group');
      expect(classifyDrift('prod', 'helloapi-prod', rolling, 0).status).toBe('accepted');
      // A change the plan reverts stays a planned update, whatever its target.
      const reverted = plan();
      (reverted.resource_changes as any[]).find((c) => c.address.endsWith('forward_c')).change.actions = ['update'];
      expect(classifyDrift('prod', 'helloapi-prod', reverted, 2).outside.find((o) => o.address.endsWith('forward_c'))!.plan).toBe('update');
    });
  });

  it('is clean when nothing drifted and nothing is planned (no-ops are not changes)', () => {
    const r = classifyDrift('prod', 'helloapi-prod', load('clean'), 0);
    expect([r.status, r.outside, r.planned, r.problems, issueAction(r.status)]).toEqual(['clean', [], [], [], 'close']);
    expect(renderDriftMarkdown(r)).toContain('✅ **No drift**');
  });

  it('is an error (issue left alone) when there is no plan, terraform exited 1, or the plan errored', () => {
    expect(classifyDrift('dev', 'helloapi-dev', undefined, 1).problems).toEqual([expect.stringContaining('no plan JSON')]);
    expect(classifyDrift('dev', 'helloapi-dev', load('clean'), 1).status).toBe('error');
    expect(classifyDrift('dev', 'helloapi-dev', { ...load('changes'), errored: true }, 2).problems).toEqual([expect.stringContaining('errored')]);
    expect(issueAction('error')).toBe('none');
    expect(renderDriftMarkdown(classifyDrift('dev', 'helloapi-dev', undefined, 1))).toContain('❌ **The drift check failed**');
  });

  it('says when the exit code and the plan JSON disagree', () => {
    expect(classifyDrift('dev', 'helloapi-dev', load('changes'), 0).problems).toEqual(['terraform plan exited 0 but the plan JSON has changes']);
    expect(classifyDrift('dev', 'helloapi-dev', load('clean'), 2).problems).toEqual(['terraform plan exited 2 but the plan JSON has no changes']);
  });

  it('renders names, never values: no policy document, ARN or size from the plan reaches the issue body', () => {
    const md = renderDriftMarkdown(classifyDrift('dev', 'helloapi-dev', load('changes'), 2));
    expect(md.startsWith(`${issueIdentity('dev').marker}\n## Drift: dev (\`helloapi-dev\`)`)).toBe(true);
    expect(md).toContain('Outside Terraform: 2 changed, 1 deleted. Planned: 2 create, 2 update, 2 replace, 2 delete, 1 move, 0 import.');
    expect(md).toContain('| `aws_iam_role.compute_task_role` | **deleted outside Terraform** | recreate |');
    expect(md).toContain('| update | `aws_kms_key.database_key` | outside change |');
    expect(md).toContain('| replace | `aws_cloudwatch_log_group.compute_app_logs` | code not applied yet |');
    for (const value of ['arn:aws:', 'kms:*', 'Statement', 'helloapi-fixture-task', '| 50 |']) expect([value, md.includes(value)]).toEqual([value, false]);
  });

  it('one issue per environment: a label, a title and a marker of its own', () => {
    const ids = committedEnvironments().map((c) => issueIdentity(c.name));
    for (const k of ['label', 'title', 'marker'] as const) expect(new Set(ids.map((i) => i[k])).size).toBe(ids.length);
    expect(issueIdentity('prod')).toEqual({ label: 'drift:prod', title: 'Drift: prod', marker: '<!-- helloapi-drift:prod -->' });
  });
});

describe('npm run drift', () => {
  const capture = (argv: string[]) => {
    let out = '';
    const errors: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((t: string | Uint8Array) => (errors.push(String(t)), true));
    try {
      return { code: main(argv, (t) => (out += t)), out, err: errors.join('') };
    } finally {
      spy.mockRestore();
    }
  };

  it('lists the committed environments (the workflow matrix) and names an environment\'s stack', () => {
    expect(JSON.parse(capture(['environments']).out)).toEqual(committedEnvironments().map((c) => c.name));
    const c = committedEnvironments()[0];
    expect(capture(['stack', c.name]).out).toBe(`${c.stackName}\n`);
    const bad = capture(['stack', 'nope']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('no environment "nope"; the environments are')]);
  });

  it('classify writes the issue body and result.json (status, action, label, title)', () => {
    const out = path.join(tmpOutdir(), 'drift');
    const r = capture(['classify', '--environment', 'dev', '--stack', 'helloapi-dev', '--exit-code', '2', '--plan-json', path.join(FIXTURES, 'changes.json'), '--out', out]);
    expect(r.code).toBe(0);
    const result = JSON.parse(fs.readFileSync(path.join(out, 'result.json'), 'utf8'));
    expect(result).toEqual({ environment: 'dev', stack: 'helloapi-dev', status: 'drift', action: 'open', ...issueIdentity('dev'), exitCode: 2, counts: { changedOutside: 2, deletedOutside: 1, planned: 9 } });
    expect(fs.readFileSync(path.join(out, 'summary.md'), 'utf8')).toBe(r.out);
    // A failed plan leaves no plan JSON: classified as an error.
    const failed = path.join(tmpOutdir(), 'drift');
    capture(['classify', '--environment', 'dev', '--stack', 'helloapi-dev', '--exit-code', '1', '--plan-json', path.join(failed, 'missing.json'), '--out', failed]);
    expect(JSON.parse(fs.readFileSync(path.join(failed, 'result.json'), 'utf8'))).toMatchObject({ status: 'error', action: 'none' });
  });

  it('refuses bad usage with every problem at once and exit 2', () => {
    const r = capture(['classify', '--exit-code', 'two']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--environment is required; --stack is required; --exit-code must be a number (terraform plan\'s exit code), got "two"');
    expect(capture(['frobnicate']).err).toContain('unknown command "frobnicate"');
  });
});
