import { rulePack } from '../dsl';
import { RULES_BY_SERVICE } from '../rules';

const {
  acct, ct, cw, logs, sns, kms, sm, // the account baseline, audit trail, alerting and keys
  vpc, sg, net, // the network
  elb, acm, cf, waf, r53, // the edge
  ecr, ecs, app, iam, sfn, // compute, the application's settings and the rotation redeploy
  rds, s3, ddb, // data
  env, xacc, // the environment as a whole and the deploy model
} = RULES_BY_SERVICE;

/**
 * The HelloAPI pack: the security guide's checklist, AWS Security Hub FSBP, the CIS AWS Foundations Benchmark and
 * checkov controls that apply to this architecture, and the multi-account deploy model. It runs on every synth and
 * in `npm run audit`. A new service folder under rules/ must be placed here (a test fails until it is).
 */
export const HELLOAPI_PACK = rulePack({
  name: 'HelloAPI',
  description: 'Every rule of the registry: the security guide, FSBP, CIS and checkov controls for the HelloAPI architecture, and the deploy model (docs/policy-rules.md)',
  rules: [acct, ct, cw, logs, sns, kms, sm, vpc, sg, net, elb, acm, cf, waf, r53, ecr, ecs, app, iam, sfn, rds, s3, ddb, env, xacc].flat(),
});
