/**
 * The layers' own props checks, run by the environment validator: each layer owns the rules for its props
 * (`<layer>PropsProblems`, pure), the validator builds the props the environment stack would pass
 * (layer-props.ts), calls the layer's check and reports each problem on the environment-file field the prop comes
 * from (the field maps below). The validator adds only what one layer cannot know: environment, relaxation,
 * access and cross-environment checks (environment-rules.ts, access-rules.ts, cross-environment.ts).
 *
 * A section that did not parse is replaced by a valid stand-in's, so the layers still check everything else;
 * the problems on fields of such sections (and on fields a `needs` entry ties to them) are dropped: the schema
 * reported those sections already.
 */
import { ACCOUNT_BASELINE_MAX_NAME_LENGTH, accountBaselinePropsProblems } from '../account-baseline/validation';
import { GUARDDUTY_AGENT_UNKNOWN_REGION } from '../compute/guardduty';
import { COMPUTE_MAX_NAME_LENGTH, computePropsProblems } from '../compute/validate';
import { NAME_CHARACTERS_RULE, NAME_TOO_LONG } from '../core/context';
import { PropProblem } from '../core/problems';
import { DATABASE_MAX_NAME_LENGTH, databaseValueProblems } from '../database/validation';
import { DEFAULT_BACKUP_WINDOW } from '../database/windows';
import { EDGE_MAX_NAME_LENGTH, edgeValueProblems } from '../edge/validation';
import { MONITORING_MAX_NAME_LENGTH, monitoringPropsProblems } from '../monitoring/validation';
import { NETWORK_MAX_NAME_LENGTH, networkPropsProblems } from '../network/validation';
import { Add, Section, valueAt } from './field-problems';
import { accountBaselineValues, computeValues, databaseValues, edgeValues, monitoringValues, networkValues } from './layer-props';
import { resolve } from './resolve';
import { sectionFields } from './schema-problems';
import { environmentSchema, EnvironmentInput, ParsedEnvironment } from './schema';
import { EnvironmentConfig } from './types';

/** Where a layer prop's problem is reported in the environment file. */
interface Field {
  /** Dotted path of the field. */
  readonly path: string;
  /** The value shown. @default the problem's value */
  readonly value?: unknown;
  /** What is wrong. @default the problem's message */
  readonly message?: string;
  /** Sections besides the path's own that the problem depends on (dropped when one of them did not parse). */
  readonly needs?: readonly Section[];
}

/** What the environment validator knows while it maps a problem: the parsed file and its resolved form. */
interface Environment {
  readonly parsed: ParsedEnvironment;
  readonly config: EnvironmentConfig;
}

/**
 * Layer prop (or the prefix of nested props) -> the field it comes from: a path prefix (the rest of the prop is
 * appended: `sizing` -> `compute` maps `sizing.cpu` to `compute.cpu`), or a function for derived props.
 * The longest matching prefix wins; a function returning undefined leaves the problem out (the comment says why).
 * A prop named like a field of the layer's section needs no entry (`instanceClass` -> `database.instanceClass`).
 */
type FieldMap = Readonly<Record<string, string | ((p: PropProblem, e: Environment) => Field | undefined)>>;

/** One layer's props check as the environment validator runs it. */
interface LayerRule {
  readonly layer: string;
  /** The section the layer's props come from mostly: the check runs when it parsed. */
  readonly section: Section;
  readonly check: (c: EnvironmentConfig) => readonly PropProblem[];
  readonly fields: FieldMap;
}

/** The name limits of the layers an environment stack composes, by layer (each layer's own constant). */
const ENVIRONMENT_LAYER_NAME_LIMITS: Record<string, number> = {
  network: NETWORK_MAX_NAME_LENGTH,
  database: DATABASE_MAX_NAME_LENGTH,
  edge: EDGE_MAX_NAME_LENGTH,
  compute: COMPUTE_MAX_NAME_LENGTH,
  monitoring: MONITORING_MAX_NAME_LENGTH,
};

/** The longest stack name `<app>-<name>` every layer of an environment stack accepts: the shortest layer limit. */
export const ENVIRONMENT_STACK_NAME_MAX_LENGTH = Math.min(...Object.values(ENVIRONMENT_LAYER_NAME_LIMITS));

/**
 * `name`: the stack name `<app>-<name>` prefixes every layer's resource names. A name too long for some layers is one
 * problem, worded alike whichever layer found it (so it is reported once), with the length and the shortest limit.
 */
function stackNameField(p: PropProblem, { config }: Environment): Field | undefined {
  const at = `in the stack name "${config.stackName}" (<app>-<name>, which prefixes every resource name)`;
  if (NAME_TOO_LONG.test(p.message)) {
    const layers = Object.entries(ENVIRONMENT_LAYER_NAME_LIMITS).filter(([, max]) => max === ENVIRONMENT_STACK_NAME_MAX_LENGTH).map(([layer]) => layer);
    const message = `${at}: is ${config.stackName.length} characters long, at most ${ENVIRONMENT_STACK_NAME_MAX_LENGTH} (the ${layers.join(' and ')} layers' limit): shorten app or name`;
    return { path: 'name', value: config.name, message, needs: ['app'] };
  }
  // Too long already: names derived from it (log buckets, the green target group) are fixed by the same shortening.
  if (config.stackName.length > ENVIRONMENT_STACK_NAME_MAX_LENGTH && !p.message.startsWith(NAME_CHARACTERS_RULE)) return undefined;
  // Names with the account and region in them (log buckets) depend on the account section too.
  return { path: 'name', value: config.name, message: `${at}: ${p.message}`, needs: ['app', 'account'] };
}

/** A host name of the API: `dns.domain`, then `dns.alternativeNames`. */
function hostField(p: PropProblem, { config }: Environment): Field {
  const i = [config.dns.domain, ...config.dns.alternativeNames].indexOf(p.value as string);
  return { path: i > 0 ? `dns.alternativeNames.${i - 1}` : 'dns.domain' };
}

const NETWORK_FIELDS: FieldMap = {
  // Each zone is checked against account.region.
  availabilityZones: (p) => ({ path: `network.${p.prop}`, needs: p.prop === 'availabilityZones' ? [] : ['account'] }),
  containerPort: 'compute.containerPort',
  region: 'account.region',
  name: stackNameField,
};

const COMPUTE_FIELDS: FieldMap = {
  sizing: 'compute',
  scaling: 'compute',
  // Compute listens on the port the network admits (compute.containerPort, given to the network layer only).
  'network.containerPort': 'compute.containerPort',
  'image.tag': (p, { config }) => {
    if (p.value !== 'latest') return { path: 'compute.image.tag' };
    const message = config.production
      ? 'production must run an immutable tag or a digest, never "latest"'
      : '"latest" needs relaxations.mutableImageTag with a reason; prefer an immutable tag or a digest';
    return { path: 'compute.image.tag', message, needs: ['production'] };
  },
  logRetentionDays: 'logRetentionDays',
  allowedHosts: hostField,
  // The only region rule is GuardDuty's agent repository (none known in China, GovCloud and some other regions),
  // while the account's GuardDuty injects the agent (computeValues reads accountBaseline.guardDuty). An environment
  // cannot name another repository: it deploys to a region with one, or its account turns the agent off.
  region: (_p, { config }) => ({ path: 'account.region', message: guardDutyAgentRegionMessage(config.account.baseline), needs: ['accountBaseline'] }),
  name: stackNameField,
};

/** The compute layer's GuardDuty agent region rule as an environment meets it, with its way out. */
function guardDutyAgentRegionMessage(label: string): string {
  return (
    `${GUARDDUTY_AGENT_UNKNOWN_REGION}; an environment cannot name another repository: use one of those regions, or turn the ` +
    `agent off for the account with accountBaseline.guardDuty.ecsFargateAgentManagement: false (or runtimeMonitoring: false; ` +
    `in every environment of account.baseline "${label}"), which leaves its Fargate tasks without GuardDuty runtime coverage`
  );
}

const DATABASE_FIELDS: FieldMap = {
  // The layer reports an overlap on backupWindow; with the default backup window, on the maintenance window set.
  backupWindow: (p, { parsed }) =>
    parsed.database.backupWindow !== undefined
      ? { path: 'database.backupWindow' }
      : { path: 'database.maintenanceWindow', value: parsed.database.maintenanceWindow, message: `the default backupWindow "${DEFAULT_BACKUP_WINDOW}" ${p.message}` },
  // The layer reads the window in lowercase; show it as written.
  maintenanceWindow: (_p, { parsed }) => ({ path: 'database.maintenanceWindow', value: parsed.database.maintenanceWindow }),
  logRetentionDays: 'logRetentionDays',
  name: stackNameField,
};

const EDGE_FIELDS: FieldMap = {
  domainName: 'dns.domain',
  alternativeNames: 'dns.alternativeNames',
  originDomainName: (p) => ({ path: 'dns.domain', message: `gives CloudFront's origin name ${JSON.stringify(p.value)} (origin.<domain>), which ${p.message}` }),
  'healthCheck.path': 'compute.healthCheckPath',
  // The default groups never repeat or overflow: only the extra ones can.
  managedRuleGroups: 'edge.extraWafManagedRuleGroups',
  'securityHeaders.contentSecurityPolicy': 'edge.contentSecurityPolicy',
  hostedZoneId: 'dns.hostedZoneId',
  logRetentionDays: 'logRetentionDays',
  name: stackNameField,
  // The test listener's port and CIDRs are compute.blueGreen's, which the compute layer checks and reports already.
  testListener: () => undefined,
};

const ACCOUNT_BASELINE_FIELDS: FieldMap = {
  // The baseline's stack name <app>-account-<label> prefixes its resource names.
  name: (p, { config }) => {
    const at = `in the account baseline's stack name ${JSON.stringify(p.value)} (<app>-account-<account.baseline>, which prefixes its resource names)`;
    if (!NAME_TOO_LONG.test(p.message)) return { path: 'account.baseline', value: config.account.baseline, message: `${at}: ${p.message}`, needs: ['app'] };
    const room = ACCOUNT_BASELINE_MAX_NAME_LENGTH - `${config.app}-account-`.length;
    const fix = room >= 1 ? `shorten account.baseline to at most ${room} character${room === 1 ? "" : "s"}` : `app "${config.app}" leaves no room for any label: shorten app`;
    return { path: 'account.baseline', value: config.account.baseline, message: `${at}: is ${String(p.value).length} characters long, at most ${ACCOUNT_BASELINE_MAX_NAME_LENGTH}: ${fix}`, needs: ['app'] };
  },
  // Bucket names derive from <app>-account-<label> and the account id (the environment names no bucket).
  'cloudTrail.bucketName': (p) => ({ path: 'account.baseline', message: `makes the trail bucket name ${JSON.stringify(p.value)}, which ${p.message}`, needs: ['app', 'account'] }),
  'config.bucketName': (p) => ({ path: 'account.baseline', message: `makes the AWS Config bucket name ${JSON.stringify(p.value)}, which ${p.message}`, needs: ['app', 'account'] }),
};

/** In the order the environment stack composes the layers. */
const LAYER_RULES: readonly LayerRule[] = [
  { layer: 'network', section: 'network', check: (c) => networkPropsProblems(networkValues(c)), fields: NETWORK_FIELDS },
  { layer: 'database', section: 'database', check: (c) => databaseValueProblems(databaseValues(c)), fields: DATABASE_FIELDS },
  { layer: 'edge', section: 'edge', check: (c) => edgeValueProblems(edgeValues(c)), fields: EDGE_FIELDS },
  { layer: 'compute', section: 'compute', check: (c) => computePropsProblems({ ...computeValues(c), network: { containerPort: networkValues(c).containerPort } }), fields: COMPUTE_FIELDS },
  { layer: 'monitoring', section: 'monitoring', check: (c) => monitoringPropsProblems(monitoringValues(c)), fields: { name: stackNameField } },
  { layer: 'account baseline', section: 'accountBaseline', check: (c) => accountBaselinePropsProblems(accountBaselineValues(c)), fields: ACCOUNT_BASELINE_FIELDS },
];

/** A valid environment whose sections stand in for those of a file that did not parse. */
const STAND_IN: EnvironmentInput = {
  name: 'standin',
  production: false,
  account: { id: '000000000000', region: 'us-east-1' },
  network: { cidr: '10.0.0.0/16', azCount: 2 },
  dns: { domain: 'api.example.com', zoneName: 'example.com', hostedZoneId: 'Z0000000000' },
  compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'v1' } },
  database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20 },
  state: { backend: 'local' },
};
let standIn: ParsedEnvironment | undefined;

/** The field `p` (a problem with one of `rule`'s layer props) is reported on, if any. */
function fieldOf(rule: LayerRule, p: PropProblem, e: Environment): Field | undefined {
  const key = Object.keys(rule.fields)
    .filter((k) => p.prop === k || p.prop.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)[0];
  const target = key === undefined ? undefined : rule.fields[key];
  if (typeof target === 'function') return target(p, e);
  if (typeof target === 'string') return { path: target + p.prop.slice(key!.length) };
  if (sectionFields(rule.section).has(p.prop.split('.')[0])) return { path: `${rule.section}.${p.prop}` };
  // A prop the environment does not set: a default of the layer that it refuses (never expected).
  return { path: rule.section, message: `the ${rule.layer} layer's ${p.prop} ${p.message}` };
}

/**
 * Every problem the layers find with the props this environment gives them, on the fields they come from. A value
 * that is the default of an unset field says so. Identical problems (one field feeding several layers) once.
 */
export function layerProblems(env: Partial<ParsedEnvironment>, sections: ReadonlySet<Section>, add: Add): void {
  standIn ??= environmentSchema.parse(STAND_IN);
  const parsed = { ...standIn, ...env } as ParsedEnvironment;
  const e: Environment = { parsed, config: resolve(parsed, '') };
  const seen = new Set<string>();
  for (const rule of LAYER_RULES) {
    if (!sections.has(rule.section)) continue;
    for (const p of rule.check(e.config)) {
      const field = fieldOf(rule, p, e);
      if (field === undefined) continue;
      const needs = [field.path.split('.')[0] as Section, ...(field.needs ?? [])];
      if (!needs.every((s) => sections.has(s))) continue;
      const value = 'value' in field ? field.value : p.value;
      let message = field.message ?? p.message;
      if (value !== undefined && valueAt(parsed, field.path) === undefined) message += ` (the default while ${field.path} is not set)`;
      const key = JSON.stringify([field.path, value, message]);
      if (seen.has(key)) continue;
      seen.add(key);
      add(field.path, value, message);
    }
  }
}
