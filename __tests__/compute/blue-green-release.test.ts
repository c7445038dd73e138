/**
 * scripts/blue-green-release.ts, the deploy workflow's step after an apply: with fake `terraform` and `aws` binaries
 * on PATH (each records its arguments), it deploys the registered revision only when it is not the one serving,
 * with the AppSpec naming it, waits for the deployment, fails when CodeDeploy rolled back, and does nothing for a
 * rolling environment.
 */
import * as fs from 'fs';
import * as path from 'path';
import { appSpec } from '../../modules/compute/blue-green';
import { BlueGreenRelease, OVERRIDE_ALARMS, createDeploymentArgs, parseArgs, release, releaseDecision, rolledBackRelease, runningTaskDefinition, waitMinutes } from '../../scripts/blue-green-release';
import { tmpOutdir } from '../support/synth';

const RELEASE: BlueGreenRelease = {
  application: 'helloapi-prod-api',
  deployment_group: 'helloapi-prod-api',
  cluster: 'helloapi-prod',
  service: 'helloapi-prod-api',
  task_definition_arn: 'arn:aws:ecs:us-east-1:222222222222:task-definition/helloapi-prod-api:8',
  container_name: 'api',
  container_port: 8000,
  smoke_test_function_arn: '',
};
const RUNNING = 'arn:aws:ecs:us-east-1:222222222222:task-definition/helloapi-prod-api:7';

/** Fake binaries in a temp dir; returns the dir and where the aws calls are logged. */
function fakes(outputs: object, running: string, finalStatus = 'Succeeded', history: object[] = []): { dir: string; calls: () => string[][] } {
  const dir = tmpOutdir('bg-release-');
  const log = path.join(dir, 'calls.jsonl');
  const script = (name: string, body: string) => fs.writeFileSync(path.join(dir, name), `#!/usr/bin/env node\n${body}\n`, { mode: 0o755 });
  script('terraform', `process.stdout.write(${JSON.stringify(JSON.stringify(outputs))});`);
  const services = JSON.stringify({ services: [{ taskSets: [{ status: 'ACTIVE', taskDefinition: 'arn:other' }, { status: 'PRIMARY', taskDefinition: running }] }] });
  script(
    'aws',
    `const a = process.argv.slice(2); require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(a) + '\\n');
const k = a.slice(0, 2).join(' ');
if (k === 'ecs describe-services') process.stdout.write(${JSON.stringify(services)});
else if (k === 'deploy create-deployment') process.stdout.write('{"deploymentId":"d-ABC123"}');
else if (k === 'deploy get-deployment') process.stdout.write('{"deploymentInfo":{"status":"${finalStatus}"}}');
else if (k === 'deploy list-deployments') process.stdout.write(JSON.stringify({ deployments: ${JSON.stringify(history)}.map((d) => d.deploymentId) }));
else if (k === 'deploy batch-get-deployments') process.stdout.write(JSON.stringify({ deploymentsInfo: ${JSON.stringify(history)}.filter((d) => a.includes(d.deploymentId)) }));
else { process.stderr.write('unknown ' + a.join(' ')); process.exit(3); }`,
  );
  return { dir, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []) };
}

/** Runs `fn` with the fakes first on PATH (and as TERRAFORM_BINARY, which the jest setup points at the real one). */
function withPath<T>(dir: string, fn: () => T): T {
  const saved = { PATH: process.env.PATH, TERRAFORM_BINARY: process.env.TERRAFORM_BINARY };
  process.env.PATH = `${dir}${path.delimiter}${saved.PATH}`;
  process.env.TERRAFORM_BINARY = path.join(dir, 'terraform');
  try {
    return fn();
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.TERRAFORM_BINARY === undefined) delete process.env.TERRAFORM_BINARY;
    else process.env.TERRAFORM_BINARY = saved.TERRAFORM_BINARY;
  }
}

describe('blue-green-release', () => {
  it('reads the PRIMARY task set and deploys only a different revision', () => {
    expect(runningTaskDefinition({ services: [{ taskSets: [{ status: 'ACTIVE', taskDefinition: 'a' }, { status: 'PRIMARY', taskDefinition: 'b' }] }] })).toBe('b');
    expect(releaseDecision(RELEASE, RELEASE.task_definition_arn)).toEqual({ action: 'none', reason: `helloapi-prod-api already runs ${RELEASE.task_definition_arn}` });
    const d = releaseDecision({ ...RELEASE, smoke_test_function_arn: 'arn:aws:lambda:us-east-1:222222222222:function:smoke' }, RUNNING);
    expect(d.action).toBe('deploy');
    expect(JSON.parse((d as { appSpec: string }).appSpec)).toEqual({
      ...appSpec({ taskDefinitionArn: RELEASE.task_definition_arn, containerName: 'api', containerPort: 8000, smokeTestFunctionArn: 'arn:aws:lambda:us-east-1:222222222222:function:smoke' }),
      version: 0,
    });
  });

  it('starts a CodeDeploy deployment with the AppSpec and waits until it succeeds', () => {
    const f = fakes({ blue_green_release: { value: RELEASE } }, RUNNING);
    expect(withPath(f.dir, () => release('stacks/helloapi-prod'))).toBe(`deployed ${RELEASE.task_definition_arn} to helloapi-prod-api (CodeDeploy d-ABC123; was ${RUNNING})`);
    const calls = f.calls();
    expect(calls.map((c) => c.slice(0, 2).join(' '))).toEqual(['ecs describe-services', 'deploy list-deployments', 'deploy create-deployment', 'deploy get-deployment']);
    const create = calls[2];
    const arg = (name: string) => create[create.indexOf(name) + 1];
    expect([arg('--application-name'), arg('--deployment-group-name')]).toEqual(['helloapi-prod-api', 'helloapi-prod-api']);
    const revision = JSON.parse(arg('--revision'));
    expect(revision.revisionType).toBe('AppSpecContent');
    expect(JSON.parse(revision.appSpecContent.content).Resources[0].TargetService.Properties).toEqual({ TaskDefinition: RELEASE.task_definition_arn, LoadBalancerInfo: { ContainerName: 'api', ContainerPort: 8000 } });
    expect(revision.appSpecContent.content).toContain('"version":0.0');
  });

  it('fails when CodeDeploy ends the deployment otherwise (it rolled back)', () => {
    const f = fakes({ blue_green_release: { value: RELEASE } }, RUNNING, 'Failed');
    expect(() => withPath(f.dir, () => release('stacks/helloapi-prod'))).toThrow(`CodeDeploy deployment d-ABC123 ended Failed: CodeDeploy rolled back to ${RUNNING}`);
  });

  it('refuses to redeploy a revision whose latest deployment was rolled back, naming it and the deployment; --force retries', () => {
    const history = [
      { deploymentId: 'd-OLD', status: 'Succeeded', createTime: '2026-12-01T10:00:00Z', description: `Release ${RELEASE.task_definition_arn}` },
      { deploymentId: 'd-ROLLED', status: 'Stopped', createTime: '2026-12-04T10:00:00Z', description: `Release ${RELEASE.task_definition_arn}` },
      { deploymentId: 'd-OTHER', status: 'Succeeded', createTime: '2026-12-05T10:00:00Z', description: `Release ${RUNNING}` },
    ];
    const f = fakes({ blue_green_release: { value: RELEASE } }, RUNNING, 'Succeeded', history);
    const err = (() => {
      try {
        withPath(f.dir, () => release('x'));
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(err).toContain(`not deploying ${RELEASE.task_definition_arn} again: its latest CodeDeploy deployment d-ROLLED ended Stopped`);
    expect(err).toContain('Push a new image tag');
    expect(err).toContain('--force');
    expect(f.calls().map((c) => c.slice(0, 2).join(' '))).toEqual(['ecs describe-services', 'deploy list-deployments', 'deploy batch-get-deployments']);
    expect(f.calls()[2]).toEqual(expect.arrayContaining(['d-OLD', 'd-ROLLED', 'd-OTHER']));
    // A deliberate retry.
    expect(withPath(f.dir, () => release('x', { force: true }))).toMatch(/^deployed /);
    // A later successful deployment of the same revision (a forced retry that worked) clears it; another revision's failure does not count.
    expect(rolledBackRelease([...history, { deploymentId: 'd-RETRY', status: 'Succeeded', createTime: '2026-12-05T11:00:00Z', description: `Release ${RELEASE.task_definition_arn}` }], RELEASE.task_definition_arn)).toBeUndefined();
    expect(rolledBackRelease([{ deploymentId: 'd-X', status: 'Failed', createTime: 1, description: `Release ${RUNNING}` }], RELEASE.task_definition_arn)).toBeUndefined();
    expect(rolledBackRelease([{ deploymentId: 'd-Y', status: 'Failed', createTime: 1, revision: { appSpecContent: { content: `{"TaskDefinition":"${RELEASE.task_definition_arn}"}` } } }], RELEASE.task_definition_arn)?.deploymentId).toBe('d-Y');
  });

  it('names the whole failing command, the deployment id included (N4)', () => {
    const f = fakes({ blue_green_release: { value: RELEASE } }, RUNNING);
    fs.writeFileSync(path.join(f.dir, 'aws'), `#!/usr/bin/env node
const a = process.argv.slice(2); const k = a.slice(0, 2).join(' ');
if (k === 'ecs describe-services') process.stdout.write(${JSON.stringify(JSON.stringify({ services: [{ taskSets: [{ status: 'PRIMARY', taskDefinition: RUNNING }] }] }))});
else if (k === 'deploy list-deployments') process.stdout.write('{"deployments":[]}');
else if (k === 'deploy create-deployment') process.stdout.write('{"deploymentId":"d-N4"}');
else { process.stderr.write('AccessDenied'); process.exit(254); }
`, { mode: 0o755 });
    expect(() => withPath(f.dir, () => release('x'))).toThrow(/aws deploy get-deployment --deployment-id d-N4 --output json failed \(exit 254\): AccessDenied/);
  });

  it('waits at most 150 minutes, less when the job would time out first (review 7 S7)', () => {
    const now = Date.parse('2026-12-05T03:00:00Z');
    expect(waitMinutes({}, now)).toBe(150);
    expect(waitMinutes({ BLUE_GREEN_RELEASE_TIMEOUT_MINUTES: '20' }, now)).toBe(20);
    // Job of 180 minutes started 100 minutes ago: 80 left, 10 kept back.
    expect(waitMinutes({ JOB_STARTED_AT: String(now / 1000 - 100 * 60), JOB_TIMEOUT_MINUTES: '180' }, now)).toBe(70);
    expect(waitMinutes({ JOB_STARTED_AT: String(now / 1000 - 10 * 60), JOB_TIMEOUT_MINUTES: '180' }, now)).toBe(150);
    expect(waitMinutes({ JOB_STARTED_AT: String(now / 1000 - 179 * 60), JOB_TIMEOUT_MINUTES: '180' }, now)).toBe(0);
  });

  it('at the bound: fails saying the deployment goes on in AWS and how to follow it', () => {
    const f = fakes({ blue_green_release: { value: RELEASE } }, RUNNING, 'InProgress');
    const saved = { ...process.env };
    process.env.JOB_STARTED_AT = String(Math.floor(Date.now() / 1000) - 175 * 60);
    process.env.JOB_TIMEOUT_MINUTES = '180';
    try {
      expect(() => withPath(f.dir, () => release('x'))).toThrow(
        /stopped waiting after 0 minute\(s\).*d-ABC123 is still InProgress and goes on in AWS.*aws deploy get-deployment --deployment-id d-ABC123/,
      );
    } finally {
      delete process.env.JOB_STARTED_AT;
      delete process.env.JOB_TIMEOUT_MINUTES;
      Object.assign(process.env, saved);
    }
    expect(f.calls().filter((c) => c[1] === 'get-deployment')).toHaveLength(1);
  });

  it('--override-alarms passes CreateDeployment an overrideAlarmConfiguration with alarm polling off; without it the group\'s alarms apply (review 7 S2)', () => {
    expect(JSON.parse(OVERRIDE_ALARMS)).toEqual({ enabled: false, ignorePollAlarmFailure: false });
    const plain = createDeploymentArgs(RELEASE, '{}');
    expect(plain).not.toContain('--override-alarm-configuration');
    const over = createDeploymentArgs(RELEASE, '{}', { overrideAlarms: true });
    expect(over[over.indexOf('--override-alarm-configuration') + 1]).toBe(OVERRIDE_ALARMS);
    // Through the binaries: the create-deployment call carries it, the description stays the release's (S6 finds it).
    const f = fakes({ blue_green_release: { value: RELEASE } }, RUNNING);
    expect(withPath(f.dir, () => release('x', { overrideAlarms: true }))).toMatch(/^deployed /);
    const create = f.calls().find((c) => c[1] === 'create-deployment')!;
    expect(JSON.parse(create[create.indexOf('--override-alarm-configuration') + 1])).toEqual({ enabled: false, ignorePollAlarmFailure: false });
    expect(create[create.indexOf('--description') + 1]).toBe(`Release ${RELEASE.task_definition_arn}`);
    // It does not bypass the refusal of a rolled-back revision (that is --force).
    const rolled = fakes({ blue_green_release: { value: RELEASE } }, RUNNING, 'Succeeded', [{ deploymentId: 'd-R', status: 'Stopped', createTime: 1, description: `Release ${RELEASE.task_definition_arn}` }]);
    expect(() => withPath(rolled.dir, () => release('x', { overrideAlarms: true }))).toThrow(/not deploying .* again/);
  });

  it('parses its command line: a stack folder, --force, --override-alarms; refuses unknown options and a second folder, all at once', () => {
    expect(parseArgs(['stacks/helloapi-prod', '--override-alarms'])).toEqual({ dir: 'stacks/helloapi-prod', options: { force: false, overrideAlarms: true } });
    expect(parseArgs(['--force'])).toEqual({ dir: '.', options: { force: true, overrideAlarms: false } });
    expect(() => parseArgs(['a', 'b', '--override-alarm', '--yes'])).toThrow(
      'unknown option --override-alarm (allowed: --force, --override-alarms); unknown option --yes (allowed: --force, --override-alarms); one stack folder expected, got a, b',
    );
  });

  it('does nothing when the revision already serves, or in a rolling environment', () => {
    const same = fakes({ blue_green_release: { value: RELEASE } }, RELEASE.task_definition_arn);
    expect(withPath(same.dir, () => release('x'))).toBe(`helloapi-prod-api already runs ${RELEASE.task_definition_arn}`);
    expect(same.calls().map((c) => c.slice(0, 2).join(' '))).toEqual(['ecs describe-services']);
    const rolling = fakes({ api_url: { value: 'https://api.dev.example.com' } }, RUNNING);
    expect(withPath(rolling.dir, () => release('x'))).toMatch(/^rolling deploys/);
    expect(rolling.calls()).toEqual([]);
  });
});

describe('the deploy workflow runs it after the apply', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('js-yaml') as { load: (s: string) => any };
  const steps: { name?: string; run?: string; env?: Record<string, string>; if?: string }[] = yaml.load(fs.readFileSync(path.join(__dirname, '../../.github/workflows/deploy-environment.yml'), 'utf8')).jobs.apply.steps;

  it('right after "Apply the verified plan", on the applied stack folder, before the failure help', () => {
    const apply = steps.findIndex((s) => /^Apply the verified plan/.test(s.name ?? ''));
    const release = steps.findIndex((s) => /blue-green-release\.js/.test(s.run ?? ''));
    expect(release).toBe(apply + 1);
    expect(steps[release].env).toMatchObject({ STACK: '${{ steps.stack.outputs.name }}' });
    expect(steps[release].run).toContain('node dist/scripts/blue-green-release.js ".gen/plan/stacks/$STACK" "${flags[@]}"');
    // The wait fits the job: the step's env names the job's timeout, the job start is recorded first, and the
    // step's own timeout is above the script's 150-minute bound and below the job's.
    const doc = yaml.load(fs.readFileSync(path.join(__dirname, '../../.github/workflows/deploy-environment.yml'), 'utf8')).jobs.apply;
    expect(Number(steps[release].env?.JOB_TIMEOUT_MINUTES)).toBe(doc['timeout-minutes']);
    expect(steps[0].run).toContain('JOB_STARTED_AT=$(date +%s)');
    const stepTimeout = (steps[release] as { 'timeout-minutes'?: number })['timeout-minutes']!;
    expect(stepTimeout).toBeGreaterThan(150);
    expect(stepTimeout).toBeLessThan(doc['timeout-minutes']);
    expect(steps[release].if).toBeUndefined();
    expect(steps[release + 1].if).toBe("failure() && steps.stack.outputs.name != ''");
  });
});
