/**
 * The atomic part of synthesis (synthesizeAll, synthesizeAllParallel): stacks
 * are written to a staging folder, policy-checked there, and only then swapped
 * in for the output folder. Internal: not exported from the package.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentConfig } from '../config/types';
import { checkSynthesized, PolicyError, warningLines } from '../policy/run';

/** The folder a synthesis of `outdir` writes into before it is swapped in. */
export function stagingFolder(outdir: string): string {
  return `${path.resolve(outdir)}.tmp-${process.pid}`;
}

/**
 * Policy check on exactly what was synthesized (escape hatches included): errors fail the synth of
 * stacks whose environment sets policy.failOnError (production by default); the rest are printed as warnings.
 */
export function checkStaging(staging: string, configs: readonly EnvironmentConfig[]): void {
  const policy = checkSynthesized(staging, configs);
  for (const line of warningLines(policy)) process.stderr.write(`${line}\n`);
  if (policy.blocking.length > 0) throw new PolicyError(policy);
}

/** Replaces `outdir` with the checked `staging` folder. */
export function swapIn(staging: string, outdir: string): void {
  const target = path.resolve(outdir);
  const old = `${target}.old-${process.pid}`;
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(staging, target);
  fs.rmSync(old, { recursive: true, force: true });
}
