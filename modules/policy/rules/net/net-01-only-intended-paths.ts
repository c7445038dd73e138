import { at, fail, pass, seed, stackRule } from '../../dsl';
import { analyzeReachability, describeEdge, reachabilityFindings } from '../../reachability';

export const rule = stackRule({
  id: 'HAPI-NET-01',
  title: 'The only network paths are internet->ALB (behind CloudFront: CloudFront->ALB only), ALB->app, app->database, app->endpoints and app->NAT egress (and the blue/green test listener from inside the VPC)',
  severity: 'error',
  stackKinds: ['environment'],
  resourceTypes: [
    'aws_security_group',
    'aws_vpc_security_group_ingress_rule',
    'aws_vpc_security_group_egress_rule',
    'aws_security_group_rule',
    'aws_route_table',
    'aws_route',
    'aws_route_table_association',
    'aws_subnet',
    'aws_nat_gateway',
    'aws_vpc_endpoint',
    'aws_lb',
    'aws_ecs_service',
    'aws_db_instance',
    'aws_db_subnet_group',
    'aws_cloudfront_distribution',
    'aws_cloudfront_vpc_origin',
    'aws_codedeploy_deployment_group',
    'aws_lb_listener',
  ],
  sources: [seed('Security groups follow least privilege: RDS SG allows 5432 from ECS SG only'), seed('Never expose database publicly: always use private subnets')],
  fix: 'Remove the named security-group rule or route: only internet->ALB:443/80 (with CloudFront in front: CloudFront->ALB:443 through the VPC origin, nothing from the internet), ALB->app:<container port>, app->DB:5432, app->endpoints:443 and app->NAT:443 are intended, and the data subnets have no default route.',
  notes: 'Computed from groups, rules, subnets and route tables (modules/policy/reachability.ts): a flow needs the source egress and the target ingress; internet flows need an IGW or NAT route; CloudFront flows need a rule from its origin-facing prefix list and a VPC origin (or a public ALB). World-open rules blocked only by routing count as failures too.',
  check(stack) {
    const graph = analyzeReachability(stack);
    if (!graph.nodes.app && !graph.nodes.alb && !graph.nodes.database) return [];
    const f = reachabilityFindings(graph);
    const out = [
      ...f.unexpected.map((e) => at(e.rules[e.rules.length - 1], fail(`unintended path ${describeEdge(e)} opened by ${e.rules.join(' + ')}${e.routes.length ? ` via ${e.routes.join(', ')}` : ''}`))),
      ...f.latent.map((l) => at(l.rule, fail(`${l.rule} opens ${l.node} ${l.direction === 'ingress' ? 'to' : 'towards'} the internet (${l.protocol}/${l.fromPort}-${l.toPort}); only ${l.why} stops it today`))),
      ...f.dataTierRoutes.map((r) => at(r.route, fail(`data tier route ${r.route} (${r.routeTable}, ${r.subnet}) sends 0.0.0.0/0 to ${r.target}`))),
    ];
    if (out.length) return out;
    const paths = [...new Set(graph.edges.map((e) => describeEdge(e)))];
    const t = graph.testListener;
    const test = t ? `; test listener ${t.listener} tcp/${t.port} from ${t.sources.map((s) => `${s.cidrs.join(', ') || s.rule} (${s.insideVpc ? 'inside the VPC' : 'allow list'})`).join('; ') || 'nowhere'}` : '';
    return [at(undefined, pass(`${paths.length} path(s), all intended: ${paths.join('; ')}${f.missing.length ? `; not present: ${f.missing.map((p) => `${p.from} -> ${p.to}`).join(', ')}` : ''}${test}`))];
  },
});
