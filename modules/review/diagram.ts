/**
 * Architecture diagrams: Mermaid (renders on GitHub) generated from what a
 * stack synthesizes, showing the environment's actual settings: AZ count,
 * NAT mode, Multi-AZ and replicas, task size and count, WAF and CloudFront.
 */
import { StackFacts, stackFacts } from './facts';
import type { SynthJson } from './inventory';
import { plural } from './text';
import { reachabilityMarkdown } from '../policy/reachability';

/** Quotes a Mermaid label (double quotes are not allowed inside). */
function q(label: string): string {
  return `"${label.replace(/"/g, "'")}"`;
}

function natLabel(f: StackFacts): string {
  if (f.natMode === 'none') return 'no NAT gateway';
  if (f.natMode === 'single') return `1 NAT gateway shared by ${f.azCount} AZs`;
  if (f.natMode === 'per-az') return `${plural(f.natGateways, 'NAT gateway')}, one per AZ`;
  return `${plural(f.natGateways, 'NAT gateway')} for ${f.azCount} AZs`;
}

/** A vCPU or GB amount as Fargate sizes it: at most two decimals, no trailing zeros (0.25, 0.5, 1). */
function gb(n: number | undefined): string {
  return n === undefined ? '?' : `${Number(n.toFixed(2))}`;
}

/** The headline settings, as table rows. */
export function architectureSettings(f: StackFacts): [string, string][] {
  const rows: [string, string][] = [];
  rows.push(['Availability zones', String(f.azCount)]);
  rows.push(['Subnets per tier', `public ${f.subnets.public}, app ${f.subnets.app}, data ${f.subnets.data}`]);
  rows.push(['NAT mode', `${f.natMode}: ${natLabel(f)}`]);
  const iface = f.endpoints.filter((e) => e.type === 'Interface');
  const gw = f.endpoints.filter((e) => e.type !== 'Interface');
  rows.push(['VPC endpoints', f.endpoints.length === 0 ? 'none' : `${iface.length} interface (${iface.map((e) => e.service).join(', ')}), ${gw.length} gateway (${gw.map((e) => e.service).join(', ')})`]);
  rows.push(['CloudFront', f.cloudFront.length > 0 ? `yes${f.cloudFront[0].minimumTls ? ` (viewer TLS ${f.cloudFront[0].minimumTls})` : ''}` : 'no']);
  rows.push(['WAF web ACLs', f.webAcls.length === 0 ? 'none' : f.webAcls.map((w) => `${w.scope}: ${plural(w.rules, 'rule')} (${w.managedRuleGroups} managed groups, ${w.rateBasedRules} rate-based)`).join('; ')]);
  for (const s of f.services) {
    rows.push([
      `ECS service \`${s.address}\``,
      `${plural(s.desiredCount, 'task')} × ${gb(s.vcpu)} vCPU / ${gb(s.memoryGb)} GB ${s.architecture}${s.maxCount !== undefined ? `, autoscaling ${s.minCount}–${s.maxCount}` : ''}`,
    ]);
  }
  const primaries = f.databases.filter((d) => !d.replica);
  for (const d of primaries) {
    rows.push([
      `Database \`${d.address}\``,
      `${d.engine}${d.engineVersion ? ` ${d.engineVersion}` : ''} ${d.instanceClass}, Multi-AZ: ${d.multiAz ? 'yes' : 'no'}, read replicas: ${f.databases.filter((r) => r.replica).length}, ${d.storageGb} GB ${d.storageType}${d.maxStorageGb ? ` (autoscaling to ${d.maxStorageGb} GB)` : ''}, encrypted: ${d.encrypted ? 'yes' : 'NO'}`,
    ]);
  }
  rows.push(['Secrets Manager secrets', `${f.secrets}${f.databases.some((d) => d.managedMasterSecret) ? ' + RDS-managed master secret' : ''}`]);
  rows.push(['KMS keys', String(f.kmsKeys)]);
  rows.push(['Alarms / dashboards / log groups', `${f.alarms} / ${f.dashboards} / ${f.logGroups}`]);
  return rows;
}

/** The Mermaid flowchart of one stack. */
export function mermaidDiagram(f: StackFacts): string {
  const L: string[] = ['flowchart TB'];
  const links: string[] = [];
  L.push(`  internet((${q('Internet')}))`);
  const cf = f.cloudFront.length > 0;
  const cfAcl = f.webAcls.find((w) => w.scope === 'CLOUDFRONT');
  const albAcl = f.webAcls.find((w) => w.scope === 'REGIONAL');
  let entry = 'internet';
  if (cf) {
    L.push(`  subgraph edge_global[${q('Global edge (us-east-1)')}]`);
    L.push(`    cloudfront[${q(`CloudFront${f.cloudFront[0].minimumTls ? `<br/>viewer TLS ${f.cloudFront[0].minimumTls}` : ''}<br/>HTTPS only`)}]`);
    if (cfAcl) L.push(`    waf_cf{{${q(`WAF CLOUDFRONT<br/>${plural(cfAcl.rules, 'rule')}`)}}}`);
    L.push('  end');
    links.push(`  internet -->|HTTPS| cloudfront`);
    if (cfAcl) links.push('  waf_cf -.-|filters| cloudfront');
    entry = 'cloudfront';
  }
  const vpcTitle = `VPC ${f.vpcCidr ?? ''} · ${plural(f.azCount, 'AZ')}`.replace(/\s+/g, ' ');
  L.push(`  subgraph vpc[${q(vpcTitle)}]`);
  L.push(`    subgraph public_tier[${q(`Public subnets ×${f.subnets.public}`)}]`);
  const alb = f.loadBalancers[0];
  // Behind CloudFront the ALB is internal, in the private app subnets, reached through a CloudFront VPC origin.
  let albNode: string | undefined;
  if (alb) {
    const ports = f.listeners
      .map((l) => `${l.protocol} ${l.port}${l.action === 'redirect' ? ' → 301 HTTPS' : ''}`)
      .sort()
      .join('<br/>');
    albNode = `      alb[${q(`ALB ${alb.internal ? 'internal' : 'internet-facing'}${ports ? `<br/>${ports}` : ''}`)}]`;
    links.push(`  ${entry} -->|${alb.internal && cf ? 'HTTPS via VPC origin' : 'HTTPS'}| alb`);
    if (!alb.internal) L.push(albNode);
  }
  if (f.natGateways > 0) L.push(`      nat[${q(`NAT: ${f.natMode}<br/>${natLabel(f)}`)}]`);
  L.push('    end');
  if (albAcl && alb) {
    L.push(`    waf_alb{{${q(`WAF REGIONAL<br/>${plural(albAcl.rules, 'rule')}, ${albAcl.rateBasedRules} rate-based`)}}}`);
    links.push('  waf_alb -.-|filters| alb');
  }
  L.push(`    subgraph app_tier[${q(`Private app subnets ×${f.subnets.app}`)}]`);
  if (alb?.internal && albNode) L.push(albNode);
  for (const [i, s] of f.services.entries()) {
    L.push(
      `      service${i}[${q(`ECS ${s.launchType} service<br/>${plural(s.desiredCount, 'task')} × ${gb(s.vcpu)} vCPU / ${gb(s.memoryGb)} GB${s.maxCount !== undefined ? `<br/>autoscaling ${s.minCount}–${s.maxCount}` : ''}`)}]`,
    );
    if (alb) links.push(`  alb -->|target group| service${i}`);
    if (f.natGateways > 0) links.push(`  service${i} -->|egress| nat`);
  }
  if (f.services.length === 0) L.push(`      no_service[${q('no ECS service')}]`);
  L.push('    end');
  L.push(`    subgraph data_tier[${q(`Isolated data subnets ×${f.subnets.data}`)}]`);
  const primaries = f.databases.filter((d) => !d.replica);
  const replicas = f.databases.filter((d) => d.replica);
  for (const [i, d] of primaries.entries()) {
    L.push(
      `      db${i}[(${q(`RDS ${d.engine}${d.engineVersion ? ` ${d.engineVersion}` : ''}<br/>${d.instanceClass} · ${d.storageGb} GB ${d.storageType}<br/>Multi-AZ: ${d.multiAz ? 'yes' : 'no'}${d.encrypted ? ' · encrypted' : ''}`)})]`,
    );
    for (const [si] of f.services.entries()) links.push(`  service${si} -->|5432 TLS| db${i}`);
  }
  if (replicas.length > 0) {
    L.push(`      replicas[(${q(`${plural(replicas.length, 'read replica')}<br/>${replicas[0].instanceClass}`)})]`);
    if (primaries.length > 0) links.push('  db0 -.->|replication| replicas');
  }
  if (f.databases.length === 0) L.push(`      no_database[${q('no database')}]`);
  L.push('    end');
  if (f.endpoints.length > 0) {
    L.push(`    endpoints[${q(`VPC endpoints<br/>${f.endpoints.map((e) => e.service).join(', ')}`)}]`);
    for (const [si] of f.services.entries()) links.push(`  service${si} -.->|AWS APIs| endpoints`);
  }
  L.push('  end');
  if (f.natGateways > 0) links.push('  nat -->|egress| internet');
  const managed = f.databases.some((d) => d.managedMasterSecret);
  if (f.secrets > 0 || managed || f.kmsKeys > 0) {
    L.push(`  secrets[[${q(`Secrets Manager: ${f.secrets}${managed ? ' + RDS master secret' : ''}<br/>KMS keys: ${f.kmsKeys}`)}]]`);
    for (const [si] of f.services.entries()) links.push(`  service${si} -.->|secrets at start| secrets`);
  }
  if (f.alarms > 0 || f.logGroups > 0 || f.snsTopics > 0) {
    L.push(`  monitoring[${q(`Monitoring<br/>${plural(f.alarms, 'alarm')} → SNS (${f.snsTopics})<br/>${plural(f.dashboards, 'dashboard')} · ${plural(f.logGroups, 'log group')}`)}]`);
    const watched = [alb ? 'alb' : undefined, ...f.services.map((_, i) => `service${i}`), ...primaries.map((_, i) => `db${i}`)].filter((x): x is string => !!x);
    for (const w of watched) links.push(`  ${w} -.-> monitoring`);
  }
  return [...L, ...links].join('\n');
}

/** The Markdown page for docs/architecture/<env>.md. */
export function architectureMarkdown(title: string, json: SynthJson): string {
  const f = stackFacts(json);
  const rows = architectureSettings(f);
  return [
    `# Architecture: ${title}`,
    '',
    '_Generated by `npm run diagram` from the synthesized stack (not from the environment file); do not edit by hand._',
    '',
    '| Setting | Value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    '',
    '```mermaid',
    mermaidDiagram(f),
    '```',
    '',
    reachabilityMarkdown(json as Parameters<typeof reachabilityMarkdown>[0], '## Network reachability'),
  ].join('\n');
}
