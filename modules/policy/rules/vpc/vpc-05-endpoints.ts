import { at, fail, fsbp, pass, stackRule } from '../../dsl';

const REQUIRED = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 's3'];

export const rule = stackRule({
  id: 'HAPI-VPC-05',
  title: 'Tasks reach ECR, CloudWatch Logs, Secrets Manager and S3 through VPC endpoints',
  severity: 'warning',
  resourceTypes: ['aws_vpc_endpoint'],
  stackKinds: ['environment'],
  sources: [fsbp('EC2.55'), fsbp('EC2.56')],
  relaxedBy: ['noVpcEndpoints'],
  fix: 'Create interface endpoints for ecr.api, ecr.dkr, logs, secretsmanager and a gateway endpoint for s3 (remove relaxations.noVpcEndpoints).',
  check(stack) {
    if (stack.resources('aws_vpc').length === 0) return [];
    const names = stack.resources('aws_vpc_endpoint').map((e) => String(e.values.service_name ?? ''));
    const missing = REQUIRED.filter((svc) => !names.some((n) => n.endsWith(`.${svc}`)));
    return [at(undefined, missing.length ? fail(`no endpoint for ${missing.join(', ')}`) : pass(`endpoints: ${REQUIRED.join(', ')}`))];
  },
});
