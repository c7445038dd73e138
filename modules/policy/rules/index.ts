// Generated from modules/policy/rules/<service>/*.ts by `npm run build && node dist/scripts/audit.js --registry`; do not edit.
// __tests__/policy/registry.test.ts fails while it is stale.

import type { Rule } from '../types';
import type { RuleService } from './ids';
import { rule as acct_01 } from './acct/acct-01-guardduty';
import { rule as acct_02 } from './acct/acct-02-guardduty-protections';
import { rule as acct_03 } from './acct/acct-03-security-hub';
import { rule as acct_04 } from './acct/acct-04-config-recorder';
import { rule as acct_05 } from './acct/acct-05-access-analyzer';
import { rule as acct_06 } from './acct/acct-06-baseline-covers-environment';
import { rule as acct_07 } from './acct/acct-07-findings-alerting';
import { rule as acm_01 } from './acm/acm-01-dns-validation';
import { rule as acm_02 } from './acm/acm-02-transparency-logging';
import { rule as acm_03 } from './acm/acm-03-create-before-destroy';
import { rule as acm_04 } from './acm/acm-04-key-algorithm';
import { rule as acm_05 } from './acm/acm-05-no-wildcards';
import { rule as app_01 } from './app/app-01-debug-off';
import { rule as app_02 } from './app/app-02-allowed-hosts';
import { rule as app_03 } from './app/app-03-cors';
import { rule as app_04 } from './app/app-04-no-secrets-in-environment';
import { rule as app_05 } from './app/app-05-secrets-manager';
import { rule as app_06 } from './app/app-06-https-cookies';
import { rule as app_07 } from './app/app-07-no-literal-secrets';
import { rule as cf_01 } from './cf/cf-01-viewer-https';
import { rule as cf_02 } from './cf/cf-02-custom-certificate';
import { rule as cf_03 } from './cf/cf-03-viewer-tls';
import { rule as cf_04 } from './cf/cf-04-origin-https';
import { rule as cf_05 } from './cf/cf-05-logging';
import { rule as cf_06 } from './cf/cf-06-waf';
import { rule as cf_07 } from './cf/cf-07-security-headers';
import { rule as cf_08 } from './cf/cf-08-present';
import { rule as cf_09 } from './cf/cf-09-origin-locked';
import { rule as ct_01 } from './ct/ct-01-multi-region-trail';
import { rule as ct_02 } from './ct/ct-02-kms';
import { rule as ct_03 } from './ct/ct-03-log-validation';
import { rule as ct_04 } from './ct/ct-04-cloudwatch-logs';
import { rule as cw_01 } from './cw/cw-01-alarm-actions';
import { rule as cw_02 } from './cw/cw-02-golden-signal-alarms';
import { rule as cw_03 } from './cw/cw-03-failed-logins';
import { rule as ddb_01 } from './ddb/ddb-01-pitr';
import { rule as ddb_02 } from './ddb/ddb-02-cmk';
import { rule as ddb_03 } from './ddb/ddb-03-deletion-protection';
import { rule as ecr_01 } from './ecr/ecr-01-scan-on-push';
import { rule as ecr_02 } from './ecr/ecr-02-immutable-tags';
import { rule as ecr_03 } from './ecr/ecr-03-lifecycle';
import { rule as ecr_04 } from './ecr/ecr-04-kms';
import { rule as ecr_05 } from './ecr/ecr-05-no-public-policy';
import { rule as ecs_01 } from './ecs/ecs-01-container-insights';
import { rule as ecs_02 } from './ecs/ecs-02-no-public-ip';
import { rule as ecs_03 } from './ecs/ecs-03-not-privileged';
import { rule as ecs_04 } from './ecs/ecs-04-read-only-root';
import { rule as ecs_05 } from './ecs/ecs-05-host-namespaces';
import { rule as ecs_06 } from './ecs/ecs-06-logging';
import { rule as ecs_07 } from './ecs/ecs-07-platform-version';
import { rule as ecs_08 } from './ecs/ecs-08-exec-disabled';
import { rule as ecs_09 } from './ecs/ecs-09-exec-logging';
import { rule as ecs_10 } from './ecs/ecs-10-multi-az-service';
import { rule as ecs_11 } from './ecs/ecs-11-autoscaling';
import { rule as ecs_12 } from './ecs/ecs-12-immutable-image';
import { rule as ecs_13 } from './ecs/ecs-13-scheduled-scaling-floor';
import { rule as ecs_14 } from './ecs/ecs-14-deploy-rollback';
import { rule as ecs_15 } from './ecs/ecs-15-production-blue-green';
import { rule as elb_01 } from './elb/elb-01-https-listeners';
import { rule as elb_02 } from './elb/elb-02-http-redirect';
import { rule as elb_03 } from './elb/elb-03-tls-policy';
import { rule as elb_04 } from './elb/elb-04-drop-invalid-headers';
import { rule as elb_05 } from './elb/elb-05-access-logs';
import { rule as elb_06 } from './elb/elb-06-deletion-protection';
import { rule as elb_07 } from './elb/elb-07-desync-mitigation';
import { rule as elb_08 } from './elb/elb-08-multi-az';
import { rule as elb_09 } from './elb/elb-09-health-check';
import { rule as elb_10 } from './elb/elb-10-service-behind-https';
import { rule as elb_11 } from './elb/elb-11-security-headers';
import { rule as env_01 } from './env/env-01-layers-present';
import { rule as iam_01 } from './iam/iam-01-no-admin';
import { rule as iam_02 } from './iam/iam-02-no-service-wildcards';
import { rule as iam_03 } from './iam/iam-03-scoped-resources';
import { rule as iam_04 } from './iam/iam-04-trust-policies';
import { rule as iam_05 } from './iam/iam-05-no-broad-managed-policies';
import { rule as iam_06 } from './iam/iam-06-no-users';
import { rule as iam_07 } from './iam/iam-07-separate-task-roles';
import { rule as iam_08 } from './iam/iam-08-confused-deputy';
import { rule as kms_01 } from './kms/kms-01-rotation';
import { rule as kms_02 } from './kms/kms-02-no-wildcard-principal';
import { rule as kms_03 } from './kms/kms-03-prevent-destroy';
import { rule as logs_01 } from './logs/logs-01-kms';
import { rule as logs_02 } from './logs/logs-02-retention-set';
import { rule as logs_03 } from './logs/logs-03-retention-year';
import { rule as net_01 } from './net/net-01-only-intended-paths';
import { rule as r53_01 } from './r53/r53-01-alias-targets';
import { rule as rds_01 } from './rds/rds-01-not-public';
import { rule as rds_02 } from './rds/rds-02-encrypted';
import { rule as rds_03 } from './rds/rds-03-multi-az';
import { rule as rds_04 } from './rds/rds-04-backups';
import { rule as rds_05 } from './rds/rds-05-deletion-protection';
import { rule as rds_06 } from './rds/rds-06-log-exports';
import { rule as rds_07 } from './rds/rds-07-iam-auth';
import { rule as rds_08 } from './rds/rds-08-enhanced-monitoring';
import { rule as rds_09 } from './rds/rds-09-minor-upgrades';
import { rule as rds_10 } from './rds/rds-10-copy-tags';
import { rule as rds_11 } from './rds/rds-11-performance-insights';
import { rule as rds_12 } from './rds/rds-12-force-ssl';
import { rule as rds_13 } from './rds/rds-13-query-logging';
import { rule as rds_14 } from './rds/rds-14-managed-credentials';
import { rule as rds_15 } from './rds/rds-15-final-snapshot';
import { rule as rds_16 } from './rds/rds-16-ca-certificate';
import { rule as s3_01 } from './s3/s3-01-public-access-block';
import { rule as s3_02 } from './s3/s3-02-default-encryption';
import { rule as s3_03 } from './s3/s3-03-kms-encryption';
import { rule as s3_04 } from './s3/s3-04-versioning';
import { rule as s3_05 } from './s3/s3-05-tls-only';
import { rule as s3_06 } from './s3/s3-06-lifecycle';
import { rule as s3_07 } from './s3/s3-07-acls-disabled';
import { rule as s3_08 } from './s3/s3-08-no-public-policy';
import { rule as s3_09 } from './s3/s3-09-account-public-access-block';
import { rule as s3_10 } from './s3/s3-10-no-admin-grants';
import { rule as sfn_01 } from './sfn/sfn-01-logging';
import { rule as sg_01 } from './sg/sg-01-world-ingress';
import { rule as sg_02 } from './sg/sg-02-no-all-ports-ingress';
import { rule as sg_03 } from './sg/sg-03-no-open-egress';
import { rule as sg_04 } from './sg/sg-04-descriptions';
import { rule as sg_05 } from './sg/sg-05-database-ingress';
import { rule as sg_06 } from './sg/sg-06-app-ingress';
import { rule as sm_01 } from './sm/sm-01-cmk';
import { rule as sm_02 } from './sm/sm-02-recovery-window';
import { rule as sns_01 } from './sns/sns-01-encrypted';
import { rule as sns_02 } from './sns/sns-02-subscribers';
import { rule as sns_03 } from './sns/sns-03-topic-policy';
import { rule as vpc_01 } from './vpc/vpc-01-flow-logs';
import { rule as vpc_02 } from './vpc/vpc-02-default-sg';
import { rule as vpc_03 } from './vpc/vpc-03-no-public-ip-on-launch';
import { rule as vpc_04 } from './vpc/vpc-04-nat-per-az';
import { rule as vpc_05 } from './vpc/vpc-05-endpoints';
import { rule as vpc_06 } from './vpc/vpc-06-data-subnets-isolated';
import { rule as waf_01 } from './waf/waf-01-alb-associated';
import { rule as waf_02 } from './waf/waf-02-rate-limit';
import { rule as waf_03 } from './waf/waf-03-known-bad-inputs';
import { rule as waf_04 } from './waf/waf-04-baseline-managed-rules';
import { rule as waf_05 } from './waf/waf-05-logging';
import { rule as waf_06 } from './waf/waf-06-log-redaction';
import { rule as waf_07 } from './waf/waf-07-metrics';
import { rule as waf_08 } from './waf/waf-08-enforce-in-production';
import { rule as waf_09 } from './waf/waf-09-count-mode-reported';
import { rule as waf_10 } from './waf/waf-10-blocked-alarm';
import { rule as xacc_01 } from './xacc/xacc-01-state-reachable';
import { rule as xacc_02 } from './xacc/xacc-02-state-key';
import { rule as xacc_03 } from './xacc/xacc-03-zone-writable';

/** Every rule, by service (its folder under rules/), in id order. */
export const RULES_BY_SERVICE: Readonly<Record<RuleService, readonly Rule[]>> = {
  acct: [acct_01, acct_02, acct_03, acct_04, acct_05, acct_06, acct_07],
  acm: [acm_01, acm_02, acm_03, acm_04, acm_05],
  app: [app_01, app_02, app_03, app_04, app_05, app_06, app_07],
  cf: [cf_01, cf_02, cf_03, cf_04, cf_05, cf_06, cf_07, cf_08, cf_09],
  ct: [ct_01, ct_02, ct_03, ct_04],
  cw: [cw_01, cw_02, cw_03],
  ddb: [ddb_01, ddb_02, ddb_03],
  ecr: [ecr_01, ecr_02, ecr_03, ecr_04, ecr_05],
  ecs: [ecs_01, ecs_02, ecs_03, ecs_04, ecs_05, ecs_06, ecs_07, ecs_08, ecs_09, ecs_10, ecs_11, ecs_12, ecs_13, ecs_14, ecs_15],
  elb: [elb_01, elb_02, elb_03, elb_04, elb_05, elb_06, elb_07, elb_08, elb_09, elb_10, elb_11],
  env: [env_01],
  iam: [iam_01, iam_02, iam_03, iam_04, iam_05, iam_06, iam_07, iam_08],
  kms: [kms_01, kms_02, kms_03],
  logs: [logs_01, logs_02, logs_03],
  net: [net_01],
  r53: [r53_01],
  rds: [rds_01, rds_02, rds_03, rds_04, rds_05, rds_06, rds_07, rds_08, rds_09, rds_10, rds_11, rds_12, rds_13, rds_14, rds_15, rds_16],
  s3: [s3_01, s3_02, s3_03, s3_04, s3_05, s3_06, s3_07, s3_08, s3_09, s3_10],
  sfn: [sfn_01],
  sg: [sg_01, sg_02, sg_03, sg_04, sg_05, sg_06],
  sm: [sm_01, sm_02],
  sns: [sns_01, sns_02, sns_03],
  vpc: [vpc_01, vpc_02, vpc_03, vpc_04, vpc_05, vpc_06],
  waf: [waf_01, waf_02, waf_03, waf_04, waf_05, waf_06, waf_07, waf_08, waf_09, waf_10],
  xacc: [xacc_01, xacc_02, xacc_03],
};

/** Every rule of the registry, in id order. Packs (modules/policy/packs) choose from these. */
export const RULES: readonly Rule[] = Object.values(RULES_BY_SERVICE).flat();
