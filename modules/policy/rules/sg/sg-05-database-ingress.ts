import { at, fail, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-SG-05',
  title: 'Database security groups accept only the database port, only from security groups',
  severity: 'error',
  resourceTypes: ['aws_db_instance', 'aws_security_group'],
  sources: [seed('Security groups follow least privilege: RDS SG allows 5432 from ECS SG only'), seed('Database not publicly accessible')],
  fix: 'Allow the DB port (5432) from the app security group only; no CIDR sources.',
  check(stack) {
    const out = [];
    const seen = new Set<string>();
    for (const db of stack.resources('aws_db_instance')) {
      const port = Number(db.values.port ?? 5432);
      for (const g of stack.groupsOf(db, 'vpc_security_group_ids')) {
        if (seen.has(g)) continue; // primary and replicas share the group
        seen.add(g);
        const rules = stack.securityGroupRules().filter((r) => r.direction === 'ingress' && r.group === g);
        const bad = rules.filter((r) => r.cidrs.length > 0 || r.prefixLists.length > 0 || r.fromPort !== port || r.toPort !== port || r.groups.length === 0);
        out.push(at(g, bad.length ? fail(bad.map((r) => `${r.address}: ${r.protocol} ${r.fromPort}-${r.toPort} from ${[...r.cidrs, ...r.groups].join(', ') || 'nothing'}`).join('; ')) : pass(`${rules.length} rule(s): ${port} from security groups only`)));
      }
    }
    return out;
  },
});
