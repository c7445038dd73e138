import type { RelaxationName } from '../config/relaxations';

/** How bad a failing rule is. Errors fail the synth where `policy.failOnError` is on (production by default). */
export type Severity = 'error' | 'warning' | 'info';

/** Where a rule comes from. */
export interface RuleSource {
  /**
   * `seed-checklist`: the user's security guide; `fsbp`: AWS Security Hub Foundational Security Best Practices; `cis`: CIS AWS Foundations Benchmark; `checkov`: a checkov check;
   * `deploy`: the project's deploy model (docs/deploy.md: which account holds what, which role reaches it).
   */
  readonly kind: 'seed-checklist' | 'fsbp' | 'cis' | 'checkov' | 'deploy';
  /** The control's ID (`S3.5`, `CKV_AWS_145`, `3.1`) or the seed's checklist line. */
  readonly id: string;
}

/** Which kind of stack a rule looks at. */
export type StackKind = 'environment' | 'state' | 'account' | 'other';

/** The outcome of one check on one subject. */
export interface Verdict {
  readonly pass: boolean;
  /** What was seen: the evidence for a pass, the problem for a failure. */
  readonly message: string;
}

/** A stack-level verdict, about a resource address or the stack itself. */
export interface StackVerdict extends Verdict {
  /** The Terraform address the verdict is about; the stack itself when omitted. */
  readonly address?: string;
}

interface RuleBase {
  /** Stable ID, e.g. `HAPI-S3-01`. Suppressions and reports refer to it; never renumber. */
  readonly id: string;
  /** What compliant infrastructure looks like, as one sentence. */
  readonly title: string;
  readonly severity: Severity;
  /** Where the rule comes from (at least one). */
  readonly sources: readonly RuleSource[];
  /** How to fix a failure. */
  readonly fix: string;
  /**
   * Stack kinds the rule applies to.
   * @default every kind
   */
  readonly stackKinds?: readonly StackKind[];
  /**
   * Relaxations that excuse a failure: when the environment declares one of these,
   * a failure is reported as `relaxed` with the relaxation's reason instead.
   * @default none
   */
  readonly relaxedBy?: readonly RelaxationName[];
  /** Rationale, conflicts between sources and exemptions, for the catalogue. @default none */
  readonly notes?: string;
}

/** A rule evaluated once per resource of the listed types. */
export interface ResourceRule extends RuleBase {
  readonly kind: 'resource';
  /** Terraform resource types the rule inspects. */
  readonly resourceTypes: readonly string[];
  /** Returns undefined when the resource is out of scope (e.g. a replica for a Multi-AZ rule). */
  check(resource: import('./stack').ResourceView, stack: import('./stack').StackView): Verdict | undefined;
}

/** A rule evaluated once per stack (presence and cross-resource checks). */
export interface StackRule extends RuleBase {
  readonly kind: 'stack';
  /** Terraform resource types the rule looks at (for the catalogue). */
  readonly resourceTypes: readonly string[];
  /** Returns no verdicts when the stack is out of scope. */
  check(stack: import('./stack').StackView): StackVerdict[];
}

export type Rule = ResourceRule | StackRule;

/**
 * A named set of rules that run together, like cdk-nag's NagPack: the HelloAPI pack (every rule of the registry)
 * or a narrower one. Built with `rulePack` (dsl.ts), which orders the rules by id: results are reported in that order.
 */
export interface RulePack {
  /** Short name, e.g. `HelloAPI`. */
  readonly name: string;
  /** What the pack checks and for whom. */
  readonly description: string;
  /** The rules, in id order, each once. */
  readonly rules: readonly Rule[];
}

/** What a result ended up as after relaxations and suppressions. */
export type ResultStatus = 'pass' | 'fail' | 'relaxed' | 'suppressed';

export interface RuleResult {
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: ResultStatus;
  /** The resource address, or the stack name for stack-level results. */
  readonly subject: string;
  readonly message: string;
  /** Why a relaxed or suppressed result is accepted. */
  readonly reason?: string;
  /** The relaxation that excused a failure. */
  readonly relaxation?: RelaxationName;
}

/** A suppression as declared in an environment file's `policy.suppressions`. */
export interface Suppression {
  readonly rule: string;
  readonly resource?: string;
  readonly stack?: string;
  readonly reason: string;
}

/** A problem with the policy set-up itself (an unused or unknown suppression). */
export interface PolicyProblem {
  readonly code: 'HAPI-POLICY-01' | 'HAPI-POLICY-02';
  readonly message: string;
  readonly suppression: Suppression;
}

/** What the engine needs to know about a stack besides its JSON. */
export interface PolicyTarget {
  readonly stackName: string;
  readonly kind: StackKind;
  /** Production environment (or a shared stack serving one). */
  readonly production: boolean;
  /** Whether errors fail the synth. */
  readonly failOnError: boolean;
  /** Declared relaxations with their reasons. */
  readonly relaxations: Partial<Record<RelaxationName, { readonly reason: string }>>;
  readonly suppressions: readonly Suppression[];
  /** Names of every stack synthesized with this one (for cross-stack checks). */
  readonly siblingStacks: readonly string[];
  /** For environments: the account-baseline stack that should cover it. */
  readonly accountBaselineStack?: string;
  /**
   * Hosted zones the environment files declare (`dns.hostedZoneId`) and the account owning each (`dns.accountId`,
   * else the environment's account): an environment's own zone; every declared zone for shared stacks.
   * Cross-account rules (HAPI-XACC-03) read a zone's account from here: Route 53 zones are inputs, not resources.
   * @default none
   */
  readonly hostedZones?: readonly HostedZoneOwner[];
  /**
   * The synthesized JSON of every stack of the run, by stack name (this one included): cross-stack rules
   * (HAPI-XACC-*) find the state bucket, the state key and the cross-account roles in the stack that creates them.
   * @default none: cross-stack look-ups find nothing
   */
  readonly stacks?: ReadonlyMap<string, import('./stack').TerraformJson>;
}

/** A Route 53 hosted zone an environment writes records into, and the account that owns it. */
export interface HostedZoneOwner {
  readonly zoneId: string;
  /** The zone's name (`dns.zoneName`): relative record names are expanded with it. */
  readonly zoneName: string;
  readonly accountId: string;
  /** The environment file that declares it. */
  readonly source: string;
}

export interface StackReport {
  readonly stackName: string;
  readonly kind: StackKind;
  readonly production: boolean;
  readonly failOnError: boolean;
  readonly results: RuleResult[];
  readonly problems: PolicyProblem[];
  readonly suppressions: readonly Suppression[];
  readonly relaxations: Partial<Record<RelaxationName, { readonly reason: string }>>;
  /** Failing errors plus policy problems. */
  readonly errorCount: number;
  readonly warningCount: number;
  /** Whether this stack's synth must fail. */
  readonly blocking: boolean;
}
