import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { EnvironmentConfig } from '../config/types';
import { stateLocation } from '../config/validate';
import { checkSynthesized, PolicyError, warningLines } from '../policy/run';
import { AccountBaselineStack, baselineStackName } from './account-stack';
import { EnvironmentStack } from './environment-stack';
import { StateStack } from './state-stack';

export interface BuildOptions {
  /** Where stacks are written. */
  readonly outdir: string;
  /** Offline mode: local state, no AWS calls at plan time (offline plans only). @default false */
  readonly offline?: boolean;
}

export interface BuiltApp {
  /** The CDKTF app holding every stack. */
  readonly app: App;
  /** One `<app>-<env>` stack per environment. */
  readonly environments: EnvironmentStack[];
  /** The `<app>-state` bootstrap stacks (one per app using the S3 backend). */
  readonly stateStacks: StateStack[];
  /** One `<app>-account-<label>` per distinct (app, account, baseline label). */
  readonly accountBaselines: AccountBaselineStack[];
}

/** Composes every stack: `<app>-state`, one `<app>-account-<label>` per account baseline, then one `<app>-<env>` per environment. */
export function buildApp(configs: readonly EnvironmentConfig[], options: BuildOptions): BuiltApp {
  const offline = options.offline ?? false;
  const app = new App({ outdir: options.outdir, stackTraces: false, hclOutput: false });
  const stateStacks: StateStack[] = [];
  const seenApps = new Set<string>();
  for (const c of configs) {
    if (c.state.backend !== 's3' || seenApps.has(c.app)) continue;
    seenApps.add(c.app);
    const loc = stateLocation(c);
    stateStacks.push(
      new StateStack(app, `${c.app}-state`, {
        app: c.app,
        accountId: loc.accountId,
        region: loc.region,
        bucketName: loc.bucket,
        lockTableName: loc.dynamodbTable,
        offline,
      }),
    );
  }
  // Environments sharing an account declare one baseline label (validated: same account, region, settings).
  const byBaseline = new Map<string, EnvironmentConfig[]>();
  for (const c of configs) {
    const key = baselineStackName(c.app, c.account.baseline);
    byBaseline.set(key, [...(byBaseline.get(key) ?? []), c]);
  }
  const accountBaselines = [...byBaseline.values()].map((envs) => new AccountBaselineStack(app, { environments: envs, offline }));
  const environments = configs.map((c) => new EnvironmentStack(app, c, { offline }));
  return { app, environments, stateStacks, accountBaselines };
}

/**
 * Synthesizes every stack into `options.outdir`, atomically: the stacks are
 * written to a sibling folder first and swapped in only when synthesis
 * (including validations and policy checks) succeeded, so a failure leaves
 * the previous output untouched.
 */
export function synthesizeAll(configs: readonly EnvironmentConfig[], options: BuildOptions): BuiltApp {
  const outdir = path.resolve(options.outdir);
  const staging = `${outdir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  let built: BuiltApp;
  try {
    built = buildApp(configs, { ...options, outdir: staging });
    built.app.synth();
    // Policy check on exactly what was synthesized (escape hatches included): errors fail the synth of
    // stacks whose environment sets policy.failOnError (production by default); the rest are printed as warnings.
    const policy = checkSynthesized(staging, configs);
    for (const line of warningLines(policy)) process.stderr.write(`${line}\n`);
    if (policy.blocking.length > 0) throw new PolicyError(policy);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const old = `${outdir}.old-${process.pid}`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
  fs.renameSync(staging, outdir);
  fs.rmSync(old, { recursive: true, force: true });
  return built;
}
