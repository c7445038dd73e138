/**
 * Blue/green: a forward rule created after the first one starts on the target group production is on
 * (modules/edge/listeners.ts, servingTargetGroupArn). The synthesized expression is evaluated by `terraform console`
 * (no provider) with the first rule's live action as the `aws_lb_listener_rule` data source returns it: the shapes
 * CodeDeploy leaves (checked against the emulator: ModifyRule, then the data source's read).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { terraformBinary } from '../../scripts/terraform';
import { tmpOutdir } from '../support/synth';
import { synthEdge } from './helpers';

const LIVE_ACTION = 'data.aws_lb_listener_rule.edge_https_forward_live.action';
const forward = (...groups: [string, number][]) => [{ type: 'forward', forward: { target_group: groups.map(([arn, weight]) => ({ arn, weight })) } }];

const CASES: [string, unknown, string][] = [
  ['after a deployment to green (blue kept at weight 0)', forward(['blue', 0], ['green', 100]), 'green'],
  ['after a deployment to green (green alone)', forward(['green', 1]), 'green'],
  ['after a deployment back to blue', forward(['blue', 100], ['green', 0]), 'blue'],
  ['never deployed (the rule as Terraform created it)', forward(['blue', 1]), 'blue'],
  ['during a canary: the larger share', forward(['blue', 90], ['green', 10]), 'blue'],
  ['during a linear shift past half', forward(['blue', 30], ['green', 70]), 'green'],
  ['an even split: cannot tell, blue', forward(['blue', 50], ['green', 50]), 'blue'],
  ['no forward action read', [{ type: 'forward', forward: null }], 'blue'],
  ['no action read', [], 'blue'],
];

describe('blue/green: where a new forward rule starts (terraform console)', () => {
  const { stack } = synthEdge({ cloudFront: false, alternativeNames: ['a.test.example.com', 'b.test.example.com', 'c.test.example.com'], testListener: { port: 8443, vpcCidr: '10.0.0.0/16' } });
  const expression = (stack.resource('aws_lb_listener_rule', 'edge_https_forward_b').action as Array<Record<string, string>>)[0].target_group_arn;
  let results: unknown[] = [];
  let stderr = '';

  beforeAll(() => {
    const body = /^\$\{([\s\S]*)\}$/.exec(expression)![1];
    const cases = CASES.map(([, action]) => body.split(LIVE_ACTION).join(JSON.stringify(action)).split('aws_lb_target_group.edge_app.arn').join('"blue"'));
    for (const c of cases) expect(c).not.toMatch(/\b(data|aws_lb_target_group)\./);
    const dir = tmpOutdir('helloapi-serving-tg-');
    fs.writeFileSync(path.join(dir, 'main.tf'), ['locals {', '  results = [', ...cases.map((c) => `    ${c},`), '  ]', '}', ''].join('\n'));
    fs.writeFileSync(path.join(dir, 'empty.tfrc'), '');
    const r = spawnSync(terraformBinary().bin, ['console'], { cwd: dir, input: 'jsonencode(local.results)\n', encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, 'empty.tfrc') } });
    stderr = r.stderr;
    results = r.status === 0 ? JSON.parse(JSON.parse(r.stdout.trim())) : [];
  });

  it('reads the first rule through the data source and falls back to blue', () => {
    expect(expression).toContain(`${LIVE_ACTION}[0].forward.target_group`);
    expect(stderr).toBe('');
    expect(results).toHaveLength(CASES.length);
  });

  it.each(CASES.map(([label, , expected], i) => [label, expected, i] as const))('%s: %s', (_label, expected, i) => {
    expect(results[i]).toBe(expected);
  });
});
