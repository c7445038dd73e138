import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { EnvironmentConfig } from '../config/types';
import { stateLocation } from '../config/validate';
import { sharedRoles } from './access';
import { AccountBaselineStack, baselineStackName } from './account-stack';
import { EnvironmentStack } from './environment-stack';
import { checkStaging, stagingFolder, swapIn } from './staging';
import { StateStack } from './state-stack';

export interface BuildOptions {
  /** Where stacks are written. */
  readonly outdir: string;
  /** Offline mode: local state, no AWS calls at plan time (offline plans only). @default false */
  readonly offline?: boolean;
  /**
   * Build only part of the app (parallel synthesis): the shared stacks (state and account
   * baselines, still composed from every config) when `shared`, and the environment stacks named.
   * @default every stack
   */
  readonly only?: { readonly shared: boolean; readonly environments: readonly string[] };
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
  const shared = options.only?.shared ?? true;
  const wanted = options.only ? new Set(options.only.environments) : undefined;
  const stateStacks: StateStack[] = [];
  const seenApps = new Set<string>();
  for (const c of shared ? configs : []) {
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
        stateKmsKeyId: loc.kmsKeyId,
        roles: sharedRoles(configs, c.app),
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
  const accountBaselines = shared ? [...byBaseline.values()].map((envs) => new AccountBaselineStack(app, { environments: envs, offline })) : [];
  const environments = configs.filter((c) => !wanted || wanted.has(c.stackName)).map((c) => new EnvironmentStack(app, c, { offline }));
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
  const staging = stagingFolder(outdir);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  let built: BuiltApp;
  try {
    built = buildApp(configs, { ...options, outdir: staging });
    built.app.synth();
    checkStaging(staging, configs);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  swapIn(staging, outdir);
  return built;
}
