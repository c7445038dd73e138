/**
 * The account baseline's rules for its props, as one pure function (`accountBaselinePropsProblems`) that the
 * construct, and later the environment validator, call. Services that are off are not checked.
 */
import { Token } from 'cdktf';
import { layerBaseProblems } from '../core/context';
import { LOG_RETENTION_DAYS } from '../core/limits';
import { PropProblem, Problems } from '../core/problems';
import { HTTPS_URL_PATTERN, securityFindingProblems } from '../monitoring/validation';
import type { AccountBaselineProps } from './index';

/** Longest `name`: it prefixes the names of the trail, buckets, Config recorder, topic and analyzer; the published module's `name` limit too. */
export const ACCOUNT_BASELINE_MAX_NAME_LENGTH = 24;

/** What S3 accepts as a bucket name (3-63 lowercase letters, digits, dots, hyphens). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The name of the trail (`trail`) or Config (`config`) bucket: the given one, else `<name>-<kind>-<account>`. */
export function auditBucketName(props: AccountBaselineProps, kind: 'trail' | 'config', given: string | undefined): string {
  return given ?? `${props.name}-${kind}-${props.accountId}`;
}

/**
 * Every problem with the account baseline's props (name, account, region and partition, bucket names, the trail's log retention, Security Hub
 * standards), each naming the prop, the value and what is allowed; empty when they are valid. Values that are
 * Terraform variables (the published module) are left to the module's validation.
 */
export function accountBaselinePropsProblems(props: AccountBaselineProps): PropProblem[] {
  const p = new Problems();
  p.addAll(layerBaseProblems(props, { maxNameLength: ACCOUNT_BASELINE_MAX_NAME_LENGTH, nameUse: 'it prefixes the names of the trail, buckets, Config recorder, topic and analyzer' }));
  const trail = props.cloudTrail ?? {};
  if (trail.enabled ?? true) {
    bucketNameProblem(p, 'cloudTrail.bucketName', auditBucketName(props, 'trail', trail.bucketName), trail.bucketName === undefined);
    const days = trail.logRetentionDays ?? 365;
    if (!Token.isUnresolved(days) && !(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
      p.add('cloudTrail.logRetentionDays', days, `must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')})`);
    }
  }
  const securityHub = props.securityHub ?? {};
  const standards = securityHub.standards ?? [];
  if ((securityHub.enabled ?? true) && new Set(standards).size !== standards.length) p.add('securityHub.standards', standards, 'lists a standard twice');
  if (props.findingAlerts !== false) {
    const f = props.findingAlerts ?? {};
    p.addAll(securityFindingProblems(f), 'findingAlerts');
    (f.httpsEndpoints ?? []).forEach((url, i) => {
      // The URL is not shown: webhook URLs often carry a secret.
      if (!Token.isUnresolved(url) && !new RegExp(HTTPS_URL_PATTERN).test(url)) p.add(`findingAlerts.httpsEndpoints.${i}`, undefined, 'must be an https:// URL');
    });
  }
  const config = props.config ?? {};
  if (config.enabled ?? true) bucketNameProblem(p, 'config.bucketName', auditBucketName(props, 'config', config.bucketName), config.bucketName === undefined);
  return [...p.all];
}

function bucketNameProblem(p: Problems, prop: string, name: string, derived: boolean): void {
  if (Token.isUnresolved(name) || BUCKET_NAME.test(name)) return;
  const what = 'is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)';
  p.add(prop, name, derived ? `${what}: the default <name>-<kind>-<account> is too long or malformed; set ${prop} explicitly` : what);
}
