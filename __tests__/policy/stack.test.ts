import { StackView } from '../../modules/policy/stack';
import { fixtureTarget } from './fixtures';

describe('StackView', () => {
  const view = new StackView(
    {
      resource: {
        aws_s3_bucket: { logs: { bucket: 'logs' } },
        aws_s3_bucket_versioning: { logs_v: { bucket: '${aws_s3_bucket.logs.id}' } },
        aws_security_group: {
          alb: { description: 'alb', ingress: [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }] },
          app: { description: 'app' },
        },
        aws_security_group_rule: { app_in: { type: 'ingress', security_group_id: '${aws_security_group.app.id}', protocol: 'tcp', from_port: 8000, to_port: 8000, source_security_group_id: '${aws_security_group.alb.id}' } },
        aws_vpc_security_group_egress_rule: { app_out: { security_group_id: '${aws_security_group.app.id}', ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' } },
      },
    },
    fixtureTarget('environment'),
  );

  it('resolves references to resources of the stack', () => {
    expect(view.resolve('${aws_s3_bucket.logs.id}')?.address).toBe('aws_s3_bucket.logs');
    expect(view.resolve('${aws_s3_bucket.missing.id}')).toBeUndefined();
    expect(view.referencing('aws_s3_bucket.logs', ['aws_s3_bucket_versioning'], 'bucket').map((r) => r.address)).toEqual(['aws_s3_bucket_versioning.logs_v']);
    expect(view.addressesOf(['${aws_security_group.alb.id}', '${aws_s3_bucket.logs.arn}', '${aws_security_group.app.id}'], 'aws_security_group')).toEqual(['aws_security_group.alb', 'aws_security_group.app']);
  });

  it('normalises inline, aws_security_group_rule and aws_vpc_security_group_*_rule rules', () => {
    const rules = view.securityGroupRules();
    expect(rules.map((r) => [r.direction, r.group, r.protocol, r.fromPort, r.toPort, r.cidrs, r.groups])).toEqual([
      ['ingress', 'aws_security_group.alb', 'tcp', 443, 443, ['0.0.0.0/0'], []],
      ['ingress', 'aws_security_group.app', 'tcp', 8000, 8000, [], ['${aws_security_group.alb.id}']],
      ['egress', 'aws_security_group.app', '-1', 0, 65535, ['0.0.0.0/0'], []],
    ]);
  });
});
