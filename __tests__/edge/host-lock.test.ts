/**
 * Host-locked ALB: the HTTPS listener answers 421 unless a forward rule matches an API host name
 * (behind CloudFront too: the internal ALB needs no origin secret, issue 17).
 */
import { FORWARD_RULE_PRIORITY, HOST_LOCK_RESPONSE, HOSTS_PER_RULE } from '../../modules/edge';
import { synthEdge } from './helpers';

const ALT = ['www.test.example.com', 'v1.test.example.com', 'v2.test.example.com', 'eu.test.example.com', 'us.test.example.com', 'ap.test.example.com'];
const HOSTS = ['api.test.example.com', ...ALT];
const FORWARD = [{ type: 'forward', target_group_arn: '${aws_lb_target_group.edge_app.arn}' }];
const matchEvaluations = (conditions: Array<Record<string, any>>) =>
  conditions.reduce((n, c) => n + (c.host_header?.values.length ?? 0) + (c.http_header?.values.length ?? 0), 0);

describe.each([
  ['behind CloudFront', true],
  ['without CloudFront', false],
] as const)('host-locked HTTPS listener %s, seven API host names', (_label, cloudFront) => {
  const { stack, edge } = synthEdge({ cloudFront, alternativeNames: ALT, region: 'eu-west-1' });
  const rules = stack.resources('aws_lb_listener_rule') as Record<string, Record<string, any>>;

  it('answers every request that matches no rule with a fixed 421 Misdirected Request (a tiny text body, nothing from Django)', () => {
    expect(HOST_LOCK_RESPONSE.statusCode).toBe('421');
    expect(stack.resource('aws_lb_listener', 'edge_https').default_action).toEqual([
      { type: 'fixed-response', fixed_response: { content_type: 'text/plain', message_body: 'Misdirected Request', status_code: '421' } },
    ]);
  });

  it('splits the host names over rules of at most 3 (an ALB condition takes 3 values, a rule 5 in all), in order, with consecutive priorities from 10', () => {
    expect(HOSTS_PER_RULE).toBe(3);
    expect(Object.keys(rules).sort()).toEqual(['edge_https_forward_a', 'edge_https_forward_b', 'edge_https_forward_c']);
    const ordered = ['a', 'b', 'c'].map((n) => stack.resource('aws_lb_listener_rule', `edge_https_forward_${n}`));
    expect(ordered.map((r) => r.priority)).toEqual([FORWARD_RULE_PRIORITY, FORWARD_RULE_PRIORITY + 1, FORWARD_RULE_PRIORITY + 2]);
    expect(ordered.map((r) => r.condition[0].host_header.values)).toEqual([HOSTS.slice(0, 3), HOSTS.slice(3, 6), HOSTS.slice(6)]);
    for (const r of ordered) {
      expect(r.listener_arn).toBe('${aws_lb_listener.edge_https.arn}');
      expect(r.action).toEqual(FORWARD);
      for (const c of r.condition) expect((c.host_header ?? c.http_header).values.length).toBeLessThanOrEqual(3);
      expect(matchEvaluations(r.condition)).toBeLessThanOrEqual(5);
    }
  });

  it('matches the host names only: no origin-verify header, no shared secret anywhere in the stack (issue 17)', () => {
    for (const r of Object.values(rules)) expect(r.condition).toEqual([{ host_header: r.condition[0].host_header }]);
    expect(stack.count('terraform_data')).toBe(0);
    expect(JSON.stringify(stack.json)).not.toMatch(/uuid\(\)|X-Origin-Verify|http_header/);
    // Never the CloudFront origin name: CloudFront forwards the viewer's Host (all-viewer origin request policy).
    expect(JSON.stringify(rules)).not.toContain('origin.api.test.example.com');
  });

  it('hands the first forward rule to the service as the dependency that attaches its target group', () => {
    expect(edge.forwardRules).toHaveLength(3);
    expect(edge.outputs.httpsListener).toBe(edge.forwardRules[0]);
  });

  it('keeps port 80 a pure redirect: no rule is attached to it', () => {
    expect(stack.resource('aws_lb_listener', 'edge_http').default_action).toEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
    for (const r of Object.values(rules)) expect(r.listener_arn).not.toContain('edge_http.');
  });
});

describe('host-locked HTTPS listener, limits', () => {
  it('refuses more names than 26 rules (a to z) can hold', () => {
    const many = Array.from({ length: 78 }, (_, i) => `n${i}.test.example.com`);
    expect(() => synthEdge({ cloudFront: false, alternativeNames: many })).toThrow('Edge test/edge: invalid props (1 problem):\n  alternativeNames = 78: at most 78 API host names (domainName + alternativeNames), got 79');
  });
});

describe('host-locked HTTPS listener, one API host name', () => {
  it('needs a single rule', () => {
    const { stack } = synthEdge({ cloudFront: false });
    expect(stack.count('aws_lb_listener_rule')).toBe(1);
    expect(stack.resource('aws_lb_listener_rule', 'edge_https_forward_a').condition).toEqual([{ host_header: { values: ['api.test.example.com'] } }]);
  });
});

describe('host-locked HTTPS listener, blue/green (CodeDeploy rewrites the forward rules)', () => {
  const SEVEN = ALT;
  const TEST_LISTENER = { port: 8443, vpcCidr: '10.0.0.0/16' };
  const LIVE = 'data.aws_lb_listener_rule.edge_https_forward_live';

  it('creates every rule after the first on the target group the first one forwards to now, read by one data source', () => {
    const { stack } = synthEdge({ cloudFront: false, alternativeNames: SEVEN, testListener: TEST_LISTENER });
    const rule = (n: string) => stack.resource('aws_lb_listener_rule', `edge_https_forward_${n}`);
    // The first rule forwards to blue (its action is CodeDeploy's from the first deployment on).
    expect(rule('a').action).toEqual(FORWARD);
    for (const n of ['b', 'c']) {
      const [action] = rule(n).action as Array<Record<string, string>>;
      expect(action.type).toBe('forward');
      // The heaviest-weighted target group of the first rule's live forward action, else blue.
      expect(action.target_group_arn).toBe(
        `\${try(one([for g in try(${LIVE}.action[0].forward.target_group, []) : g.arn if g.weight == max([for w in try(${LIVE}.action[0].forward.target_group, []) : w.weight]...)]), aws_lb_target_group.edge_app.arn)}`,
      );
    }
    for (const n of ['a', 'b', 'c']) expect(rule(n).lifecycle).toEqual({ ignore_changes: ['action'] });
    // One read, of the first rule by its ARN (unknown until it exists: a first deploy or an offline plan reads nothing).
    const data = (stack.json as { data?: Record<string, Record<string, Record<string, unknown>>> }).data ?? {};
    expect(Object.keys(data)).toEqual(['aws_lb_listener_rule']);
    expect(Object.keys(data.aws_lb_listener_rule)).toEqual(['edge_https_forward_live']);
    expect(data.aws_lb_listener_rule.edge_https_forward_live.arn).toBe('${aws_lb_listener_rule.edge_https_forward_a.arn}');
  });

  it('reads nothing with one rule (up to 3 host names) or with rolling deploys', () => {
    for (const props of [{ testListener: TEST_LISTENER }, { alternativeNames: SEVEN }]) {
      const { stack } = synthEdge({ cloudFront: false, ...props });
      expect((stack.json as { data?: unknown }).data).toBeUndefined();
      for (const r of Object.values(stack.resources('aws_lb_listener_rule') as Record<string, Record<string, unknown>>)) expect(r.action).toEqual(FORWARD);
    }
  });
});

describe('blue/green target group names', () => {
  const TEST_LISTENER = { port: 8443, vpcCidr: '10.0.0.0/16' };
  it('refuses a name that makes <name>-green longer than 32 characters, only with the test listener', () => {
    const name = 'a'.repeat(27);
    expect(() => synthEdge({ cloudFront: false, name, testListener: TEST_LISTENER })).toThrow(
      `name = "${name}": makes the blue/green target group name "${name}-green" 33 characters long: AWS allows 32 (with testListener, at most 26 characters)`,
    );
    expect(() => synthEdge({ cloudFront: false, name })).not.toThrow();
    const { stack } = synthEdge({ cloudFront: false, name: 'a'.repeat(26), testListener: TEST_LISTENER });
    expect(stack.resource('aws_lb_target_group', 'edge_app_green').name).toBe(`${'a'.repeat(26)}-green`);
  });
});
