import { at, checkov, cis, fail, fsbp, pass, seed, stackRule } from '../../dsl';
import { WORLD } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-SG-01',
  title: 'The only ingress open to the internet is TCP 80/443 on load balancer security groups',
  severity: 'error',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  sources: [seed('Security groups follow least privilege'), fsbp('EC2.18'), fsbp('EC2.19'), fsbp('EC2.13'), fsbp('EC2.14'), fsbp('EC2.53'), fsbp('EC2.54'), cis('5.2'), cis('5.3'), checkov('CKV_AWS_24'), checkov('CKV_AWS_25')],
  fix: 'Open 0.0.0.0/0 and ::/0 only on the ALB group, only for TCP 443 (and 80 for the redirect); everything else takes traffic from security groups.',
  notes: 'checkov CKV_AWS_260 forbids 0.0.0.0/0 to port 80 outright; that conflicts with the seed\'s HTTP-to-HTTPS redirect (the redirect needs port 80 open on the ALB). Port 80 is allowed only on load balancer groups whose port-80 listener redirects (HAPI-ELB-02).',
  check(stack) {
    const lbGroups = stack.loadBalancerGroups();
    const out = [];
    for (const r of stack.securityGroupRules()) {
      if (r.direction !== 'ingress') continue;
      const open = r.cidrs.filter((c) => WORLD.has(c));
      if (open.length === 0) continue;
      const webPort = r.protocol === 'tcp' || r.protocol === '6' ? r.fromPort === r.toPort && (r.fromPort === 443 || r.fromPort === 80) : false;
      const onLb = r.group !== undefined && lbGroups.has(r.group);
      const desc = `${r.protocol} ${r.fromPort}-${r.toPort} from ${open.join(', ')}`;
      out.push(at(r.address, webPort && onLb ? pass(`${desc} on a load balancer group`) : fail(`${desc}${onLb ? '' : ' on a group not attached to a load balancer'}`)));
    }
    if (out.length === 0 && stack.securityGroupRules().length > 0) out.push(at(undefined, pass('no ingress open to the internet')));
    return out;
  },
});
