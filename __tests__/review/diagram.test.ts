import * as fs from 'fs';
import * as path from 'path';
import { architectureMarkdown, architectureSettings, mermaidDiagram } from '../../modules/review/diagram';
import { stackFacts, subnetTier } from '../../modules/review/facts';
import type { SynthJson } from '../../modules/review/inventory';
import { committedStacks } from '../support/synth';
import { committedEnvironments } from '../support/environments';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'stack.json'), 'utf8')) as SynthJson;

/** Structural checks a Mermaid parser would make on our subset: balanced subgraphs, declared link ends, quoted labels. */
function assertWellFormedMermaid(src: string): void {
  const lines = src.split('\n');
  expect(lines[0]).toBe('flowchart TB');
  let depth = 0;
  const declared = new Set<string>();
  for (const l of lines.slice(1)) {
    const t = l.trim();
    if (t.startsWith('subgraph ')) depth++;
    else if (t === 'end') depth--;
    expect(depth).toBeGreaterThanOrEqual(0);
    const node = /^([a-z_0-9]+)(\(\(|\[\(|\[\[|\{\{|\[)"[^"]*"(\)\)|\)\]|\]\]|\}\}|\])$/.exec(t);
    if (node) declared.add(node[1]);
    else if (!t.startsWith('subgraph ') && t !== 'end') {
      const link = /^([a-z_0-9]+) (-->|-\.->|-\.-)(\|[^|]+\|)? ([a-z_0-9]+)$/.exec(t);
      expect([t, !!link]).toEqual([t, true]);
      expect([t, declared.has(link![1]), declared.has(link![4])]).toEqual([t, true, true]);
    }
  }
  expect(depth).toBe(0);
}

describe('architecture facts from a synthesized stack', () => {
  const f = stackFacts(fixture);

  it('counts AZs, subnets per tier and the NAT mode', () => {
    expect(f.azCount).toBe(2);
    expect(f.subnets).toEqual({ public: 2, app: 2, data: 2, other: 0 });
    expect(f.natGateways).toBe(1);
    expect(f.natMode).toBe('single');
  });

  it('joins the ECS service to its task definition and autoscaling target', () => {
    expect(f.services).toEqual([
      { address: 'aws_ecs_service.compute_service', desiredCount: 2, launchType: 'FARGATE', vcpu: 0.5, memoryGb: 1, architecture: 'arm64', minCount: 2, maxCount: 6 },
    ]);
  });

  it('reads the database: Multi-AZ, replicas, storage', () => {
    expect(f.databases.map((d) => [d.address, d.multiAz, d.replica, d.storageGb, d.engine])).toEqual([
      ['aws_db_instance.database_primary', true, false, 50, 'postgres'],
      ['aws_db_instance.database_replica_1', false, true, 50, 'postgres'],
    ]);
  });

  it('classifies subnet tiers by role', () => {
    expect(['aws_subnet.network_public_a', 'aws_subnet.network_private_app_b', 'aws_subnet.network_data_a', 'aws_subnet.network_isolated_a', 'aws_subnet.x'].map(subnetTier)).toEqual([
      'public',
      'app',
      'data',
      'data',
      'other',
    ]);
  });
});

describe('Mermaid diagram', () => {
  const md = architectureMarkdown('fixture', fixture);
  const mermaid = mermaidDiagram(stackFacts(fixture));

  it("shows Fargate's quarter vCPU as 0.25, not rounded to 0.3", () => {
    const f = stackFacts(fixture);
    const quarter = mermaidDiagram({ ...f, services: f.services.map((s) => ({ ...s, vcpu: 0.25, memoryGb: 0.5 })) });
    expect(quarter).toContain('× 0.25 vCPU / 0.5 GB');
  });

  it('shows internet, CloudFront with its WAF, the ALB with its WAF and listeners, the service, the database, secrets and monitoring', () => {
    expect(mermaid).toContain('internet(("Internet"))');
    expect(mermaid).toContain('cloudfront["CloudFront<br/>viewer TLS TLSv1.2_2021<br/>HTTPS only"]');
    expect(mermaid).toContain('waf_cf{{"WAF CLOUDFRONT<br/>2 rules"}}');
    expect(mermaid).toContain('alb["ALB internet-facing<br/>HTTP 80 → 301 HTTPS<br/>HTTPS 443"]');
    expect(mermaid).toContain('waf_alb{{"WAF REGIONAL<br/>4 rules, 1 rate-based"}}');
    expect(mermaid).toContain('service0["ECS FARGATE service<br/>2 tasks × 0.5 vCPU / 1 GB<br/>autoscaling 2–6"]');
    expect(mermaid).toContain('db0[("RDS postgres 16.4<br/>db.t4g.small · 50 GB gp3<br/>Multi-AZ: yes · encrypted")]');
    expect(mermaid).toContain('replicas[("1 read replica<br/>db.t4g.small")]');
    expect(mermaid).toContain('secrets[["Secrets Manager: 2 + RDS master secret<br/>KMS keys: 3"]]');
    expect(mermaid).toContain('monitoring["Monitoring<br/>4 alarms → SNS (1)<br/>1 dashboard · 5 log groups"]');
  });

  it('draws an internal ALB behind CloudFront in the private app subnets, reached through the VPC origin (issue 17)', () => {
    const internal = JSON.parse(JSON.stringify(fixture)) as SynthJson & { resource: Record<string, Record<string, Record<string, unknown>>> };
    for (const lb of Object.values(internal.resource.aws_lb)) lb.internal = true;
    const m = mermaidDiagram(stackFacts(internal));
    expect(m).toContain('cloudfront -->|HTTPS via VPC origin| alb');
    const appTier = m.slice(m.indexOf('subgraph app_tier'));
    expect(appTier.slice(0, appTier.indexOf('    end'))).toContain('alb["ALB internal<br/>');
    const publicTier = m.slice(m.indexOf('subgraph public_tier'));
    expect(publicTier.slice(0, publicTier.indexOf('    end'))).not.toContain('alb[');
  });

  it('shows the actual network settings: AZ count, subnets per tier, NAT mode', () => {
    expect(mermaid).toContain('subgraph vpc["VPC 10.0.0.0/16 · 2 AZs"]');
    expect(mermaid).toContain('subgraph public_tier["Public subnets ×2"]');
    expect(mermaid).toContain('nat["NAT: single<br/>1 NAT gateway shared by 2 AZs"]');
    expect(mermaid).toContain('endpoints["VPC endpoints<br/>ecr.api, secretsmanager, s3"]');
  });

  it('wires the request path and the side paths', () => {
    for (const link of [
      'internet -->|HTTPS| cloudfront',
      'cloudfront -->|HTTPS| alb',
      'alb -->|target group| service0',
      'service0 -->|5432 TLS| db0',
      'db0 -.->|replication| replicas',
      'service0 -.->|secrets at start| secrets',
      'service0 -->|egress| nat',
      'nat -->|egress| internet',
      'db0 -.-> monitoring',
    ]) {
      expect(mermaid).toContain(`  ${link}`);
    }
  });

  it('is well-formed', () => {
    assertWellFormedMermaid(mermaid);
  });

  it('writes a settings table and a mermaid block', () => {
    expect(md).toContain('| Availability zones | 2 |');
    expect(md).toContain('| NAT mode | single: 1 NAT gateway shared by 2 AZs |');
    expect(md).toMatch(/\| Database `aws_db_instance\.database_primary` \| postgres 16\.4 db\.t4g\.small, Multi-AZ: yes, read replicas: 1, 50 GB gp3 \(autoscaling to 200 GB\), encrypted: yes \|/);
    expect(md).toContain('```mermaid\nflowchart TB');
    expect(architectureSettings(stackFacts(fixture)).find(([k]) => k === 'WAF web ACLs')?.[1]).toBe(
      'REGIONAL: 4 rules (2 managed groups, 1 rate-based); CLOUDFRONT: 2 rules (1 managed groups, 1 rate-based)',
    );
  });

  it('without CloudFront the internet reaches the ALB directly', () => {
    const noCf = JSON.parse(JSON.stringify(fixture)) as { resource: Record<string, unknown> };
    delete noCf.resource.aws_cloudfront_distribution;
    const m = mermaidDiagram(stackFacts(noCf as SynthJson));
    expect(m).not.toContain('cloudfront[');
    expect(m).toContain('  internet -->|HTTPS| alb');
    assertWellFormedMermaid(m);
  });
});

describe('diagrams of the real environments', () => {
  const stacks = committedStacks();

  it.each(committedEnvironments().map((c) => [c.name, c] as const))('%s: AZ count and NAT mode match the environment, and the diagram is well-formed', (_, c) => {
    const s = stacks.get(c.stackName);
    expect(s).toBeDefined();
    const f = stackFacts(s!.json as SynthJson);
    expect(f.azCount).toBe(c.network.azCount);
    expect(f.natMode).toBe(c.network.natGateways);
    assertWellFormedMermaid(mermaidDiagram(f));
  });
});

describe('architecture page of a real environment', () => {
  it('ends with the network reachability graph computed from the synthesized rules', () => {
    const prod = committedStacks().get('helloapi-prod')!;
    const md = architectureMarkdown('prod', prod.json as never);
    expect(md).toContain('## Network reachability');
    expect(md).toMatch(/alb -->\|"tcp\/8000"\| app/);
    expect(md).toMatch(/app -->\|"tcp\/5432"\| database/);
  });
});
