/**
 * Runs the rule pack over every stack of a synthesized output folder, with
 * each stack's policy settings derived from the environment files.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { EnvironmentConfig } from '../config/types';
import { evaluateStack } from './engine';
import { DEFAULT_PACK } from './packs';
import type { TerraformJson } from './tf-json';
import type { HostedZoneOwner, PolicyProblem, PolicyTarget, Rule, StackReport, Suppression } from './types';

export interface PolicyRun {
  /** One report per stack, in stack-name order. */
  readonly reports: StackReport[];
  /** Reports whose errors fail the synth. */
  readonly blocking: StackReport[];
}

/** Thrown by the synth when a stack with failOnError has policy errors. */
export class PolicyError extends Error {
  constructor(readonly run: PolicyRun) {
    super(formatBlocking(run));
    this.name = 'PolicyError';
  }
}

function formatBlocking(run: PolicyRun): string {
  const lines: string[] = [];
  for (const r of run.blocking) {
    lines.push(`policy check failed for ${r.stackName} (${r.errorCount} error${r.errorCount === 1 ? '' : 's'}; failOnError is on):`);
    for (const x of r.results.filter((x) => x.status === 'fail' && x.severity === 'error')) lines.push(`  ${x.rule} ${x.subject}: ${x.message}`);
    for (const p of r.problems) lines.push(`  ${p.code} ${p.message}`);
  }
  lines.push('Fix the findings, or add a suppression with a reason to the environment file (policy.suppressions). Nothing was written.');
  return lines.join('\n');
}

/** The stacks an environment's `<app>-account-<label>` and `<app>-state` stacks serve. */
function servedBy(stackName: string, configs: readonly EnvironmentConfig[]): { kind: PolicyTarget['kind']; configs: EnvironmentConfig[] } {
  const env = configs.find((c) => c.stackName === stackName);
  if (env) return { kind: 'environment', configs: [env] };
  const state = configs.filter((c) => c.state.backend === 's3' && `${c.app}-state` === stackName);
  if (state.length) return { kind: 'state', configs: state };
  const account = configs.filter((c) => `${c.app}-account-${c.account.baseline}` === stackName);
  if (account.length) return { kind: 'account', configs: account };
  return { kind: 'other', configs: [] };
}

function suppressionsFor(stackName: string, kind: PolicyTarget['kind'], configs: readonly EnvironmentConfig[]): Suppression[] {
  const out: Suppression[] = [];
  for (const c of configs) {
    for (const s of c.policy.suppressions as Suppression[]) {
      const target = s.stack ?? c.stackName;
      if (target === stackName && (kind !== 'environment' || c.stackName === stackName)) out.push(s);
    }
  }
  return out;
}

/** The zone an environment writes into, with its owner (`dns.accountId`, resolved to the environment's account when unset). */
function zoneOf(c: EnvironmentConfig): HostedZoneOwner {
  return { zoneId: c.dns.hostedZoneId, zoneName: c.dns.zoneName, accountId: c.dns.accountId, source: c.source };
}

/** Every declared zone once (the first file declaring a zone ID names its owner). */
function declaredZones(configs: readonly EnvironmentConfig[]): HostedZoneOwner[] {
  const out = new Map<string, HostedZoneOwner>();
  for (const c of configs) if (!out.has(c.dns.hostedZoneId)) out.set(c.dns.hostedZoneId, zoneOf(c));
  return [...out.values()];
}

/**
 * Policy settings for each synthesized stack. `stacks` (the synthesized JSON by name) feeds the cross-stack
 * rules (HAPI-XACC-*); without it they find no state bucket or role to check.
 */
export function policyTargets(stackNames: readonly string[], configs: readonly EnvironmentConfig[], stacks?: ReadonlyMap<string, TerraformJson>): PolicyTarget[] {
  const zones = declaredZones(configs);
  return [...stackNames].sort().map((name) => {
    const { kind, configs: served } = servedBy(name, configs);
    const env = kind === 'environment' ? served[0] : undefined;
    return {
      stackName: name,
      kind,
      production: served.some((c) => c.production),
      failOnError: served.some((c) => c.policy.failOnError),
      relaxations: env ? env.relaxations : {},
      suppressions: suppressionsFor(name, kind, configs),
      siblingStacks: stackNames,
      accountBaselineStack: env ? `${env.app}-account-${env.account.baseline}` : undefined,
      hostedZones: env ? [zoneOf(env)] : zones,
      stacks,
    };
  });
}

/** Evaluates already-loaded stack JSON. */
export function runPolicy(stacks: ReadonlyMap<string, TerraformJson>, configs: readonly EnvironmentConfig[], rules: readonly Rule[] = DEFAULT_PACK.rules): PolicyRun {
  const names = [...stacks.keys()];
  const reports = policyTargets(names, configs, stacks).map((t) => evaluateStack(stacks.get(t.stackName)!, t, rules));
  // A suppression aimed at a stack that was not synthesized is unused too; it is reported on the environment that declares it.
  for (const c of configs) {
    for (const s of c.policy.suppressions as Suppression[]) {
      if (s.stack === undefined || s.stack === c.stackName) continue;
      const own = reports.find((r) => r.stackName === c.stackName);
      if (!own) continue;
      let message: string;
      if (!names.includes(s.stack)) message = `suppression of ${s.rule} names stack ${s.stack}, which was not synthesized; remove it`;
      else if (servedBy(s.stack, configs).kind === 'environment') message = `suppression of ${s.rule} names another environment's stack (${s.stack}); declare it in that environment's file`;
      else continue;
      const problem: PolicyProblem = { code: 'HAPI-POLICY-01', suppression: s, message };
      const updated: StackReport = { ...own, problems: [...own.problems, problem], errorCount: own.errorCount + 1, blocking: own.failOnError };
      reports[reports.indexOf(own)] = updated;
    }
  }
  return { reports, blocking: reports.filter((r) => r.blocking) };
}

/** Reads `<outdir>/stacks/<name>/cdk.tf.json` for every stack. */
export function readSynthesizedStacks(outdir: string): Map<string, TerraformJson> {
  const dir = path.join(outdir, 'stacks');
  const out = new Map<string, TerraformJson>();
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'cdk.tf.json');
    if (fs.existsSync(file)) out.set(name, JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformJson);
  }
  return out;
}

/** Evaluates a synthesized output folder. */
export function checkSynthesized(outdir: string, configs: readonly EnvironmentConfig[], rules: readonly Rule[] = DEFAULT_PACK.rules): PolicyRun {
  return runPolicy(readSynthesizedStacks(outdir), configs, rules);
}

/** One line per failing result of non-blocking stacks (their errors are printed as warnings); blocking stacks are in PolicyError's message. */
export function warningLines(run: PolicyRun): string[] {
  const lines: string[] = [];
  for (const r of run.reports) {
    if (r.blocking) continue; // reported by PolicyError
    const failing = r.results.filter((x) => x.status === 'fail' && x.severity !== 'info');
    if (failing.length === 0 && r.problems.length === 0) continue;
    lines.push(`policy warnings in ${r.stackName}: ${failing.length + r.problems.length} finding(s)${r.failOnError ? '' : ' (failOnError is off: reported, not enforced)'}`);
    for (const x of failing) lines.push(`  warning ${x.rule} ${x.subject}: ${x.message}`);
    for (const p of r.problems) lines.push(`  warning ${p.code}: ${p.message}`);
  }
  return lines;
}
