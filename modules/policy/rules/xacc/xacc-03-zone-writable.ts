import { AssumeRoleSettings, findRole, identityOf, parseRoleArn, providerIdentity, providerRefOf, roleMay, stacksOf, trustAdmits } from '../../access';
import { fail, pass, resourceRule } from '../../dsl';
import { RequestContext } from '../../iam-eval';
import { StackView } from '../../stack';
import { isUnresolved, list, ResourceView } from '../../tf-json';

/** Route 53 normalized names: lowercase, no trailing dot (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html). */
function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** A name relative to the zone is expanded with the zone's name, as the provider does. */
function fqdn(name: string, zoneName: string | undefined): string {
  const n = normalize(name);
  const z = zoneName ? normalize(zoneName) : undefined;
  return !z || n === z || n.endsWith(`.${z}`) ? n : `${n}.${z}`;
}

/** A representative ACM validation record name (`_<32 hex>.<name>`) for a certificate name; `*.x` is validated at `x`. */
const ACM_TOKEN = '_0123456789abcdef0123456789abcdef';

/** The names and types a record writes: literal, or ACM validation records made with for_each over a certificate's domain_validation_options. */
function writes(rec: ResourceView, stack: StackView, zoneName: string | undefined): { names: string[]; type: string } | { problem: string } {
  const v = rec.values;
  const forEach = typeof v.for_each === 'string' ? v.for_each : '';
  const m = /\baws_acm_certificate\.([A-Za-z0-9_-]+)\.domain_validation_options\b/.exec(forEach);
  const cert = m ? stack.get(`aws_acm_certificate.${m[1]}`) : undefined;
  if (m && !cert) return { problem: `for_each names aws_acm_certificate.${m[1]}, which is not in this stack` };
  if (cert) {
    const hosts = [cert.values.domain_name, ...list(cert.values.subject_alternative_names)].map(String);
    if (hosts.some(isUnresolved)) return { problem: `the names of ${cert.address} are not literal: the validation records it needs cannot be known` };
    return { names: [...new Set(hosts.map((h) => `${ACM_TOKEN}.${normalize(h).replace(/^\*\./, '')}`))], type: 'CNAME' };
  }
  if (typeof v.name !== 'string' || isUnresolved(v.name)) return { problem: `record name ${JSON.stringify(v.name)} is not literal: the names it writes cannot be known` };
  if (typeof v.type !== 'string' || isUnresolved(v.type)) return { problem: `record type ${JSON.stringify(v.type)} is not literal` };
  return { names: [fqdn(v.name, zoneName)], type: v.type };
}

export const rule = resourceRule({
  id: 'HAPI-XACC-03',
  title: 'Every Route 53 record is written with a provider acting in the zone\'s account: the stack\'s own, or a role there that trusts the stack\'s account and may change the stack\'s record names under a record-name condition',
  severity: 'error',
  resourceTypes: ['aws_route53_record'],
  sources: [{ kind: 'deploy', id: 'docs/deploy.md: helloapi-dns-<env> roles' }],
  fix: 'Write records in a zone of another account through the aws.dns provider (dns.accountId and dns.roleArn: a role in the zone\'s account, created by the <app>-state stack when the zone lives in the state account, allowed route53:ChangeResourceRecordSets on the zone for the environment\'s names).',
  notes:
    'Route 53 has no resource policies: only principals of the zone\'s account can change its records (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/access-control-overview.html). The zone\'s account comes from the environment files (dns.hostedZoneId, dns.accountId); the record\'s provider is its `provider` argument (e.g. aws.dns), else the default one. ' +
    'An aliased provider pinned to the zone\'s account that neither assumes a role nor has credentials of its own (profile, access_key, ...) runs with the stack\'s credentials and fails. ' +
    'When that provider assumes a role, a synthesized stack must create it (else the check fails: its permissions cannot be verified; suppress with a reason when it is managed elsewhere); its trust policy must admit the stack\'s account, and its policies must allow, for each record, route53:ChangeResourceRecordSets on hostedzone/<id> for the record\'s normalized name and type with the actions the provider uses (CREATE, or UPSERT with allow_overwrite, and DELETE), route53:GetHostedZone and route53:ListResourceRecordSets on the zone and route53:GetChange (the provider reads the zone, waits for INSYNC and reads records back). ' +
    'The grant must carry a route53:ChangeResourceRecordSetsNormalizedRecordNames condition (a change to a name outside the zone must be refused): https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html. ' +
    'ACM validation records (for_each over a certificate\'s domain_validation_options) are named _<token>.<name> for the certificate\'s domain_name and each subject alternative name (a wildcard name *.x is validated at x) and are CNAMEs; a representative token is checked. ' +
    'An offline-plan provider (dummy credentials, local state) makes no AWS call and is out of scope.',
  check(rec, stack) {
    const ref = providerRefOf(rec.values);
    const provider = providerIdentity(stack.json, ref);
    if (provider.offline) return undefined;
    if (!provider.account) return fail(`the account of provider ${ref} is unknown: ${provider.problem}`);
    const own = providerIdentity(stack.json, 'aws');
    if (!own.account) return fail(`the stack's account is unknown: ${own.problem}`);
    // The zone: a zone of this stack (its provider's account), else one the environment files declare.
    const zoneRef = stack.resolve(rec.values.zone_id);
    let zone: { id: string; name?: string; account?: string };
    if (zoneRef?.type === 'aws_route53_zone') {
      const id = identityOf({ stack: { name: stack.name, json: stack.json }, ...zoneRef });
      zone = { id: zoneRef.address, name: zoneRef.values.name, account: id.account };
    } else if (typeof rec.values.zone_id === 'string' && !isUnresolved(rec.values.zone_id)) {
      const declared = (stack.target.hostedZones ?? []).find((z) => z.zoneId === rec.values.zone_id);
      if (!declared) return fail(`zone ${rec.values.zone_id} is not declared by any environment file (dns.hostedZoneId): its account is unknown`);
      zone = { id: declared.zoneId, name: declared.zoneName, account: declared.accountId };
    } else return fail(`zone_id ${JSON.stringify(rec.values.zone_id)} is neither literal nor a zone of this stack: its account is unknown`);
    if (!zone.account) return fail(`the account of zone ${zone.id} is unknown`);
    if (provider.account !== zone.account) {
      return fail(`written with provider ${ref} (account ${provider.account}) into zone ${zone.id}, owned by account ${zone.account}: Route 53 has no resource policies, so the change fails with AccessDenied${ref === 'aws' ? ' (use the aws.dns provider)' : ''}`);
    }
    if (!provider.assumeRole) {
      // Without assume_role or credentials of its own, an aliased provider uses the same credentials as the default one.
      if (provider.account !== own.account && !provider.ownCredentials) {
        return fail(`provider ${ref} only allows account ${provider.account} but neither assumes a role nor has credentials of its own: it runs with the stack's credentials (account ${own.account}) and fails`);
      }
      return pass(`provider ${ref} acts in the zone's account ${zone.account}${provider.ownCredentials ? ` with its own credentials (${provider.ownCredentials})` : ''}: its principal's IAM policies decide`);
    }
    const roleArn = String(provider.assumeRole.role_arn);
    const stacks = stacksOf(stack);
    const role = findRole(stacks, roleArn);
    if (!role) return fail(`provider ${ref} assumes ${roleArn}, which no synthesized stack creates: its trust and permissions cannot be verified`);
    const w = writes(rec, stack, zone.name);
    if ('problem' in w) return fail(w.problem);
    const partition = parseRoleArn(roleArn)!.partition;
    const zoneArn = `arn:${partition}:route53:::hostedzone/${zone.id}`;
    const base: RequestContext = { 'aws:SecureTransport': ['true'], 'aws:PrincipalAccount': [zone.account] };
    const change = (name: string, action: string, type = w.type) => ({
      action: 'route53:ChangeResourceRecordSets',
      resource: zoneArn,
      context: { ...base, 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [name], 'route53:ChangeResourceRecordSetsRecordTypes': [type], 'route53:ChangeResourceRecordSetsActions': [action] },
    });
    const actions = rec.values.allow_overwrite === true || rec.values.allow_overwrite === 'true' ? ['UPSERT', 'DELETE'] : ['CREATE', 'UPSERT', 'DELETE'];
    const requests = [
      ...w.names.flatMap((n) => actions.map((a) => change(n, a))),
      { action: 'route53:GetHostedZone', resource: zoneArn, context: base },
      { action: 'route53:ListResourceRecordSets', resource: zoneArn, context: base },
      { action: 'route53:GetChange', resource: `arn:${partition}:route53:::change/C0123456789ABCDEFGHIJ`, context: base },
    ];
    const session = provider.assumeRole as AssumeRoleSettings;
    const trust = trustAdmits(role, own.account, session);
    const problems = [...(trust.ok ? [] : [trust.detail]), ...roleMay(role, requests, { session, roleArn })];
    // Limited to names: a change outside the zone must be refused.
    if (roleMay(role, [change('not-this-stack.invalid', 'UPSERT')], { session, roleArn }).length === 0) {
      problems.push('its route53:ChangeResourceRecordSets grant is not limited by route53:ChangeResourceRecordSetsNormalizedRecordNames (a change to not-this-stack.invalid is allowed)');
    }
    if (problems.length) return fail(`${roleArn}: ${problems.join('; ')}`);
    return pass(`provider ${ref} assumes ${roleArn} (created by ${role.stack.name}, ${trust.detail}), which may change ${w.names.map((n) => n.replace(ACM_TOKEN, '_<token>')).join(', ')} (${w.type}) in ${zone.id}`);
  },
});
