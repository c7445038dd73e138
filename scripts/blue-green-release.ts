/**
 * `node dist/scripts/blue-green-release.js <stack dir>`: after an apply of a blue/green environment, deploys the task
 * definition Terraform registered with CodeDeploy (the deploy workflow's step after "Apply the verified plan").
 *
 * Who owns what (modules/compute/README.md, "Blue/green deploys"): Terraform registers task definition revisions (the
 * environment file's image tag, reviewed in the plan) and owns the service; the service ignores `task_definition`
 * and `load_balancer` (UpdateService cannot change them on a CODE_DEPLOY service), so the apply changes nothing that
 * serves traffic. This step then compares the revision Terraform registered (`blue_green_release` output) with the
 * one the service's PRIMARY task set runs (ecs describe-services) and, when they differ, starts a CodeDeploy
 * deployment with an AppSpec naming it (`aws deploy create-deployment`) and waits for it: CodeDeploy shifts traffic,
 * runs the smoke-test hook and rolls back on failure or alarm, and the step fails when the deployment does.
 * A rolling environment has no `blue_green_release` output: nothing to do.
 *
 * Options: `--force` deploys a revision whose latest deployment was rolled back; `--override-alarms` turns the
 * deployment group's alarm polling off for this deployment (a fix-forward while a rollback alarm is in ALARM,
 * modules/compute/README.md "Deploying while a rollback alarm fires").
 */
import { spawnSync } from 'child_process';
import { appSpecJson } from '../modules/compute/blue-green';

/** The `blue_green_release` output (modules/compute/blue-green-deployment.ts). */
export interface BlueGreenRelease {
  readonly application: string;
  readonly deployment_group: string;
  readonly cluster: string;
  readonly service: string;
  readonly task_definition_arn: string;
  readonly container_name: string;
  readonly container_port: number;
  /** '' when there is no smoke-test hook. */
  readonly smoke_test_function_arn: string;
}

/** What to do: deploy (with the AppSpec), or nothing (with the reason). */
export type ReleaseDecision = { readonly action: 'deploy'; readonly appSpec: string; readonly running?: string } | { readonly action: 'none'; readonly reason: string };

/** The task definition the PRIMARY task set runs, from `aws ecs describe-services` output. */
export function runningTaskDefinition(describeServices: { services?: { taskSets?: { status?: string; taskDefinition?: string }[] }[] }): string | undefined {
  return describeServices.services?.[0]?.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition;
}

/** Deploy when the registered revision is not the one serving. */
export function releaseDecision(release: BlueGreenRelease, running: string | undefined): ReleaseDecision {
  if (running === release.task_definition_arn) return { action: 'none', reason: `${release.service} already runs ${running}` };
  const appSpec = appSpecJson({
    taskDefinitionArn: release.task_definition_arn,
    containerName: release.container_name,
    containerPort: release.container_port,
    smokeTestFunctionArn: release.smoke_test_function_arn || undefined,
  });
  return { action: 'deploy', appSpec, running };
}

function run(bin: string, args: string[]): string {
  const r = spawnSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  // The whole command (the deployment id, the group), long values (the AppSpec revision) shortened.
  const shown = args.map((a) => (a.length > 120 ? `${a.slice(0, 60)}...` : a)).join(' ');
  if (r.status !== 0) throw new Error(`${bin} ${shown} failed (exit ${r.status ?? r.signal}): ${`${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n')}`);
  return r.stdout;
}

/** The release output of the applied stack, or undefined for a rolling environment. */
function releaseOf(stackDir: string): BlueGreenRelease | undefined {
  const outputs = JSON.parse(run(process.env.TERRAFORM_BINARY ?? 'terraform', [`-chdir=${stackDir}`, 'output', '-json'])) as Record<string, { value: unknown }>;
  return outputs.blue_green_release?.value as BlueGreenRelease | undefined;
}

/** One deployment as `aws deploy batch-get-deployments` describes it (the fields used here). */
export interface DeploymentInfo {
  readonly deploymentId: string;
  readonly status: string;
  readonly createTime?: string | number;
  readonly description?: string;
  readonly revision?: { readonly appSpecContent?: { readonly content?: string } };
}

/** The description this script gives a deployment of `taskDefinitionArn` (how it finds them again). */
export const releaseDescription = (taskDefinitionArn: string) => `Release ${taskDefinitionArn}`;

/**
 * The newest of `deployments` that deployed `taskDefinitionArn` when it ended Failed or Stopped (CodeDeploy rolled it
 * back), else undefined: a revision that was rolled back is not deployed again on every later apply.
 */
export function rolledBackRelease(deployments: readonly DeploymentInfo[], taskDefinitionArn: string): DeploymentInfo | undefined {
  const time = (d: DeploymentInfo) => (typeof d.createTime === 'number' ? d.createTime * 1000 : Date.parse(String(d.createTime ?? 0)) || 0);
  const ofRevision = deployments
    .filter((d) => d.description === releaseDescription(taskDefinitionArn) || (d.revision?.appSpecContent?.content ?? '').includes(`"${taskDefinitionArn}"`))
    .sort((a, b) => time(b) - time(a));
  const latest = ofRevision[0];
  return latest && (latest.status === 'Failed' || latest.status === 'Stopped') ? latest : undefined;
}

/** The group's finished deployments of the last 90 days, described (batch-get-deployments takes 25 ids a call). */
function recentDeployments(r: BlueGreenRelease): DeploymentInfo[] {
  const start = Math.floor((Date.now() - 90 * 86_400_000) / 1000);
  const listed = JSON.parse(
    run('aws', ['deploy', 'list-deployments', '--application-name', r.application, '--deployment-group-name', r.deployment_group, '--include-only-statuses', 'Succeeded', 'Failed', 'Stopped', '--create-time-range', `start=${start}`, '--output', 'json']),
  ) as { deployments?: string[] };
  const ids = listed.deployments ?? [];
  const out: DeploymentInfo[] = [];
  for (let i = 0; i < ids.length; i += 25) {
    const got = JSON.parse(run('aws', ['deploy', 'batch-get-deployments', '--deployment-ids', ...ids.slice(i, i + 25), '--output', 'json'])) as { deploymentsInfo?: DeploymentInfo[] };
    out.push(...(got.deploymentsInfo ?? []));
  }
  return out;
}

/** Options of a release run. */
export interface ReleaseOptions {
  /** Deploy even when the latest deployment of this revision was rolled back (`--force`). */
  readonly force?: boolean;
  /**
   * Turn the deployment group's alarm polling off for this one deployment (`--override-alarms`): a rollback alarm
   * already in ALARM (production is unhealthy) would otherwise stop and roll back the fix-forward itself.
   */
  readonly overrideAlarms?: boolean;
}

/**
 * CreateDeployment's `overrideAlarmConfiguration` for `--override-alarms`: alarm polling off for this deployment only
 * ("Consider overriding the alarm configuration if you have set up alarms at the deployment group level that are
 * causing deployment failures ... set its alarm configuration to turn off alarm polling"; the caller needs
 * codedeploy:UpdateDeploymentGroup too,
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html). CodeDeploy still rolls back
 * a failed deployment (health checks, the smoke-test hook): only the alarm check is off.
 */
export const OVERRIDE_ALARMS = JSON.stringify({ enabled: false, ignorePollAlarmFailure: false });

/** The `aws deploy create-deployment` arguments of a release. */
export function createDeploymentArgs(r: BlueGreenRelease, appSpec: string, options: ReleaseOptions = {}): string[] {
  const revision = JSON.stringify({ revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } });
  return [
    'deploy', 'create-deployment', '--application-name', r.application, '--deployment-group-name', r.deployment_group, '--revision', revision,
    '--description', releaseDescription(r.task_definition_arn),
    ...(options.overrideAlarms ? ['--override-alarm-configuration', OVERRIDE_ALARMS] : []),
    '--output', 'json',
  ];
}

/** The command line: one stack folder (default `.`), `--force`, `--override-alarms`; anything else is refused. */
export function parseArgs(argv: readonly string[]): { dir: string; options: ReleaseOptions } {
  const flags = argv.filter((a) => a.startsWith('--'));
  const dirs = argv.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => !['--force', '--override-alarms'].includes(f));
  const problems = [...unknown.map((f) => `unknown option ${f} (allowed: --force, --override-alarms)`), ...(dirs.length > 1 ? [`one stack folder expected, got ${dirs.join(', ')}`] : [])];
  if (problems.length) throw new Error(problems.join('; '));
  return { dir: dirs[0] ?? '.', options: { force: flags.includes('--force'), overrideAlarms: flags.includes('--override-alarms') } };
}

/** Runs the release for one applied stack folder; returns what it did (one line). */
export function release(stackDir: string, options: ReleaseOptions = {}): string {
  const r = releaseOf(stackDir);
  if (!r) return 'rolling deploys (no blue_green_release output): the apply rolled the service; nothing to do';
  const described = JSON.parse(run('aws', ['ecs', 'describe-services', '--cluster', r.cluster, '--services', r.service, '--output', 'json']));
  const decision = releaseDecision(r, runningTaskDefinition(described));
  if (decision.action === 'none') return decision.reason;
  const rolledBack = options.force ? undefined : rolledBackRelease(recentDeployments(r), r.task_definition_arn);
  if (rolledBack) {
    throw new Error(
      `not deploying ${r.task_definition_arn} again: its latest CodeDeploy deployment ${rolledBack.deploymentId} ended ${rolledBack.status} (rolled back; ` +
        `${r.service} runs ${decision.running ?? 'the previous task set'}). Push a new image tag (compute.image.tag) with the fix, or run ` +
        `node dist/scripts/blue-green-release.js <stack dir> --force to retry this revision deliberately (aws deploy get-deployment --deployment-id ${rolledBack.deploymentId})`,
    );
  }
  const created = JSON.parse(run('aws', createDeploymentArgs(r, decision.appSpec, options))) as { deploymentId: string };
  // Printed at once: if the job dies later, the log still says which deployment to follow.
  process.stderr.write(`blue-green-release: started CodeDeploy deployment ${created.deploymentId} of ${r.task_definition_arn}\n`);
  if (options.overrideAlarms) process.stderr.write(`blue-green-release: --override-alarms: CodeDeploy does not poll the rollback alarms during ${created.deploymentId} (it still rolls back a failed deployment); watch the alarms yourself\n`);
  const status = waitForDeployment(created.deploymentId);
  if (status !== 'Succeeded') throw new Error(`CodeDeploy deployment ${created.deploymentId} ended ${status}: CodeDeploy rolled back to ${decision.running ?? 'the previous task set'} (aws deploy get-deployment --deployment-id ${created.deploymentId})`);
  return `deployed ${r.task_definition_arn} to ${r.service} (CodeDeploy ${created.deploymentId}; was ${decision.running ?? 'none'})`;
}

/** Statuses after which a deployment changes no more. */
export const FINAL_STATUSES = ['Succeeded', 'Failed', 'Stopped'];

/** Minutes left before the job's timeout, from JOB_STARTED_AT (epoch seconds) and JOB_TIMEOUT_MINUTES; else undefined. */
export function jobMinutesLeft(env: NodeJS.ProcessEnv, nowMs: number): number | undefined {
  const started = Number(env.JOB_STARTED_AT);
  const timeout = Number(env.JOB_TIMEOUT_MINUTES);
  if (!env.JOB_STARTED_AT || !env.JOB_TIMEOUT_MINUTES || !Number.isFinite(started) || !Number.isFinite(timeout)) return undefined;
  return (started * 1000 + timeout * 60_000 - nowMs) / 60_000;
}

/** Minutes the job keeps after the wait ends (to report, and for the failure steps). */
export const JOB_MARGIN_MINUTES = 10;

/**
 * How long to wait: BLUE_GREEN_RELEASE_TIMEOUT_MINUTES (default 150), but no longer than the job has left minus
 * JOB_MARGIN_MINUTES, so a long apply does not get the step killed mid-poll without a message.
 */
export function waitMinutes(env: NodeJS.ProcessEnv, nowMs: number): number {
  const wanted = Number(env.BLUE_GREEN_RELEASE_TIMEOUT_MINUTES ?? 150);
  const left = jobMinutesLeft(env, nowMs);
  return Math.max(0, left === undefined ? wanted : Math.min(wanted, left - JOB_MARGIN_MINUTES));
}

/**
 * Polls the deployment until it ends (its status is final after the bake time, when CodeDeploy terminates the blue
 * task set, so longer than `aws deploy wait deployment-successful`'s 30 minutes: canary interval + bake time + the
 * task start-up), for at most waitMinutes().
 */
function waitForDeployment(id: string): string {
  const pollSeconds = Number(process.env.BLUE_GREEN_RELEASE_POLL_SECONDS ?? 30);
  const minutes = waitMinutes(process.env, Date.now());
  const deadline = Date.now() + minutes * 60_000;
  for (;;) {
    const info = JSON.parse(run('aws', ['deploy', 'get-deployment', '--deployment-id', id, '--output', 'json'])) as { deploymentInfo: { status: string } };
    if (FINAL_STATUSES.includes(info.deploymentInfo.status)) return info.deploymentInfo.status;
    if (Date.now() >= deadline) {
      throw new Error(
        `stopped waiting after ${Math.round(minutes)} minute(s) (the job's time is running out): CodeDeploy deployment ${id} is still ${info.deploymentInfo.status} ` +
          `and goes on in AWS without this job (it still shifts traffic or rolls back on its alarms). Follow it with ` +
          `aws deploy get-deployment --deployment-id ${id} --query deploymentInfo.status, or in the CodeDeploy console; the next apply deploys nothing if it succeeded`,
      );
    }
    spawnSync('sleep', [String(pollSeconds)]);
  }
}

if (require.main === module) {
  try {
    const { dir, options } = parseArgs(process.argv.slice(2));
    process.stdout.write(`blue-green-release: ${release(dir, options)}\n`);
  } catch (e) {
    process.stdout.write(`::error::blue-green-release: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
