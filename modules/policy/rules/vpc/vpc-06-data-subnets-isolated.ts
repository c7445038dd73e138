import { at, fail, pass, seed, stackRule } from '../../dsl';
import { blocks, list } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-VPC-06',
  title: 'Database subnets have no route to the internet',
  severity: 'error',
  resourceTypes: ['aws_db_subnet_group', 'aws_route_table', 'aws_route', 'aws_route_table_association'],
  sources: [seed('Database not publicly accessible'), seed('Never expose database publicly: always use private subnets')],
  fix: 'Put the DB subnet group on subnets whose route table has no 0.0.0.0/0 (or ::/0) route.',
  check(stack) {
    return stack.resources('aws_db_subnet_group').map((group) => {
      const subnets = stack.resolveAll(list(group.values.subnet_ids)).filter((r) => r.type === 'aws_subnet');
      if (subnets.length === 0) return at(group.address, fail('subnets not resolvable in this stack'));
      const problems: string[] = [];
      for (const subnet of subnets) {
        const assoc = stack.referencing(subnet.address, ['aws_route_table_association'], 'subnet_id');
        for (const a of assoc) {
          const rt = stack.resolve(a.values.route_table_id);
          if (!rt) continue;
          const routes = [...blocks(rt.values.route), ...stack.referencing(rt.address, ['aws_route'], 'route_table_id').map((r) => r.values)];
          const open = routes.filter((r) => r.destination_cidr_block === '0.0.0.0/0' || r.cidr_block === '0.0.0.0/0' || r.destination_ipv6_cidr_block === '::/0' || r.ipv6_cidr_block === '::/0');
          if (open.length) problems.push(`${subnet.address} routes to the internet via ${rt.address}`);
        }
      }
      return at(group.address, problems.length ? fail(problems.join('; ')) : pass(`${subnets.length} subnets, no default route`));
    });
  },
});
