/**
 * The hosted CI workflows cannot run here; these tests parse them (js-yaml,
 * already in node_modules through jest) and check the structure that matters:
 * triggers, OIDC permissions, no long-lived keys, per-environment approval,
 * what is uploaded, main-only applies, the digest check before an apply, the
 * PR comment on a failed plan. Where a step's shell or github-script code
 * decides the outcome, the test runs it (bash with a fake npm; the script
 * with a fake GitHub client).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tmpOutdir } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string; id?: string; name?: string; 'continue-on-error'?: unknown };
type Job = {
  if?: string;
  'timeout-minutes'?: number;
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: { include?: Record<string, string>[]; environment?: unknown } };
  outputs?: Record<string, string>;
  steps?: Step[];
};
type Workflow = { name: string; on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };
type GithubScriptFn = (require: NodeRequire, github: unknown, context: unknown, core: unknown) => Promise<void>;

const DIR = path.join(__dirname, '..', '..', '.github', 'workflows');
const text = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const load = (f: string) => yaml.load(text(f)) as Workflow;
const needsOf = (j: Job) => (Array.isArray(j.needs) ? j.needs : j.needs ? [j.needs] : []);
const MAIN_ONLY = "github.ref == 'refs/heads/main'";
/** The environment names of the files in environments/ (as the app loads them: .ts or .json, not `_` helpers). */
const environmentFiles = () => fs.readdirSync(path.join(__dirname, '..', '..', 'environments')).filter((f) => /\.(ts|json)$/.test(f) && !f.startsWith('_')).map((f) => f.replace(/\.(ts|json)$/, ''));

/** Runs a step's bash script (GitHub's `bash -e`) in `cwd`, with expressions replaced and a fake npm on PATH. */
function runStep(script: string, cwd: string, opts: { expressions: Record<string, string>; npm?: string; env?: Record<string, string> }) {
  let body = script;
  for (const [expr, value] of Object.entries(opts.expressions)) body = body.split(`\${{ ${expr} }}`).join(value);
  expect(body).not.toContain('${{');
  const bin = path.join(cwd, '.bin');
  fs.mkdirSync(bin, { recursive: true });
  if (opts.npm) fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/bash\n${opts.npm}\n`, { mode: 0o755 });
  const file = path.join(cwd, '.step.sh');
  fs.writeFileSync(file, body);
  const temp = path.join(cwd, '.runner-temp');
  fs.mkdirSync(temp, { recursive: true });
  const r = spawnSync('bash', ['-e', file], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: temp, GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_STEP_SUMMARY: path.join(temp, 'summary'), ...opts.env },
  });
  const output = fs.existsSync(path.join(temp, 'output')) ? fs.readFileSync(path.join(temp, 'output'), 'utf8') : '';
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output };
}

describe('CI workflows', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.yml'));

  it('are valid YAML with a name, triggers and jobs', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['apply.yml', 'deploy-environment.yml', 'plan.yml']));
    for (const f of files) {
      const w = load(f);
      expect([f, typeof w.name, typeof w.on, Object.keys(w.jobs).length > 0]).toEqual([f, 'string', 'object', true]);
    }
  });

  it('use no long-lived AWS keys anywhere; every AWS login is OIDC role assumption', () => {
    for (const f of files) {
      expect([f, /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/.test(text(f))]).toEqual([f, false]);
      for (const job of Object.values(load(f).jobs)) {
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith('aws-actions/configure-aws-credentials')) {
            expect(step.with?.['role-to-assume']).toEqual(expect.stringMatching(/^\$\{\{ (vars|matrix)\./));
          }
        }
      }
    }
  });

  it('pin every action to a major version', () => {
    for (const f of files) {
      for (const job of Object.values(load(f).jobs)) {
        // owner/repo[/path]@vN (github/codeql-action/upload-sarif@v4 is an action in a folder of its repository).
        for (const step of job.steps ?? []) if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w.-]+)*@v\d+$/);
      }
    }
  });

  it('plan.yml plans every environment on pull requests with an OIDC token and posts the summary', () => {
    const w = load('plan.yml');
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    const plan = w.jobs.plan;
    expect(plan.needs).toBe('test');
    expect(plan.permissions).toMatchObject({ 'id-token': 'write', 'pull-requests': 'write', contents: 'read' });
    expect(plan.strategy?.matrix?.include?.map((m) => m.environment)).toEqual(['account-nonprod', 'account-prod', 'dev', 'staging', 'prod']);
    const runs = (plan.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run --silent plan -- ${{ matrix.environment }}');
    expect(runs).toContain('cost -- ${{ matrix.environment }} --base');
    expect((plan.steps ?? []).some((s) => s.uses?.startsWith('actions/github-script') && String(s.with?.script).includes('createComment'))).toBe(true);
    // Exit code 2 blocks the PR until a human labels it.
    const gate = (plan.steps ?? []).find((s) => s.if?.includes("steps.plan.outputs.exit == '2'"));
    expect(gate?.if).toContain('allow-stateful-destroy');
    expect(w.jobs.test.steps?.some((s) => s.run === 'npm test')).toBe(true);
  });

  it('apply.yml applies on push to main: account baselines before the environments they cover, dev -> staging -> prod', () => {
    const w = load('apply.yml');
    expect(w.on).toMatchObject({ push: { branches: ['main'] } });
    expect(w.jobs.dev.uses).toBe('./.github/workflows/deploy-environment.yml');
    expect(w.jobs.dev.needs).toBe('account-nonprod');
    expect(w.jobs.staging.needs).toBe('dev');
    expect(w.jobs['account-prod'].needs).toBe('staging');
    expect(w.jobs.prod.needs).toBe('account-prod');
    for (const env of ['account-nonprod', 'dev', 'staging', 'account-prod', 'prod']) {
      expect(w.jobs[env].with?.environment).toBe(env);
      expect(w.jobs[env].permissions).toMatchObject({ 'id-token': 'write' });
    }
  });

  it('plan.yml and apply.yml cover every environment file (a new environment fails here until both list it: docs/deploy.md, "A new environment")', () => {
    const files = environmentFiles();
    const planned = load('plan.yml').jobs.plan.strategy?.matrix?.include?.map((m) => m.environment) ?? [];
    const applied = Object.values(load('apply.yml').jobs).map((j) => j.with?.environment);
    expect(files.filter((e) => !planned.includes(e))).toEqual([]);
    expect(files.filter((e) => !applied.includes(e))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  describe('break glass: a release without the rollback alarms (modules/compute/README.md, "Deploying while a rollback alarm fires")', () => {
    const committed = environmentFiles();
    const releaseStep = () => (load('deploy-environment.yml').jobs.apply.steps ?? []).find((s) => /blue-green-release\.js/.test(s.run ?? ''))!;

    it("apply.yml's dispatch names at most one environment (none by default); only that environment's job gets override_alarms true, a push none", () => {
      const w = load('apply.yml');
      const input = (w.on.workflow_dispatch as { inputs: Record<string, { type: string; options: string[]; default: string }> }).inputs.override_alarms_in;
      expect(input).toMatchObject({ type: 'choice', default: 'none' });
      expect(input.options[0]).toBe('none');
      expect([...input.options.slice(1)].sort()).toEqual([...committed].sort());
      for (const env of committed) expect(w.jobs[env].with?.override_alarms).toBe(`\${{ inputs.override_alarms_in == '${env}' }}`);
      // Account baselines have no release to override.
      for (const env of ['account-nonprod', 'account-prod']) expect(w.jobs[env].with).toEqual({ environment: env });
      const callee = (load('deploy-environment.yml').on.workflow_call as { inputs: Record<string, unknown> }).inputs.override_alarms;
      expect(callee).toMatchObject({ type: 'boolean', default: false, required: false });
    });

    it('the release step adds --override-alarms and --force (the fix the push run tried was stopped by the alarm) only when the input is true', () => {
      const step = releaseStep();
      expect(step.env).toMatchObject({ STACK: '${{ steps.stack.outputs.name }}', OVERRIDE_ALARMS: '${{ inputs.override_alarms }}' });
      const argsWith = (override: string) => {
        const dir = tmpOutdir();
        fs.mkdirSync(path.join(dir, '.bin'), { recursive: true });
        // A stand-in `node` that prints its arguments, one per line.
        fs.writeFileSync(path.join(dir, '.bin', 'node'), "#!/bin/bash\nprintf '%s\\n' \"$@\"\n", { mode: 0o755 });
        const r = runStep(step.run!, dir, { expressions: {}, env: { STACK: 'helloapi-prod', OVERRIDE_ALARMS: override } });
        expect([override, r.status, r.stderr]).toEqual([override, 0, '']);
        return r.stdout.trim().split('\n');
      };
      const plain = ['dist/scripts/blue-green-release.js', '.gen/plan/stacks/helloapi-prod'];
      expect(argsWith('true')).toEqual([...plain, '--override-alarms', '--force']);
      expect(argsWith('false')).toEqual(plain);
      expect(argsWith('')).toEqual(plain);
      // The flag is one the script accepts.
      const { parseArgs } = require('../../scripts/blue-green-release') as typeof import('../../scripts/blue-green-release');
      expect(parseArgs(argsWith('true').slice(1)).options).toEqual({ force: true, overrideAlarms: true });
    });

    it("the plan job, whose summary the apply's approvers read, warns that the release will not poll the alarms", () => {
      const steps = load('deploy-environment.yml').jobs.plan.steps ?? [];
      const step = steps.find((s) => s.if === 'inputs.override_alarms');
      expect(step?.env).toEqual({ ENVIRONMENT: '${{ inputs.environment }}' });
      expect(steps.indexOf(step!)).toBeGreaterThan(steps.findIndex((s) => s.id === 'plan'));
      const dir = tmpOutdir();
      const r = runStep(step!.run!, dir, { expressions: {}, env: { ENVIRONMENT: 'prod' } });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^::warning::Break glass: .*release of prod with the rollback alarms NOT polled .*stopped or rolled back \(--force\)/);
      expect(fs.readFileSync(path.join(dir, '.runner-temp', 'summary'), 'utf8')).toMatch(/> \[!WARNING\]\n> Break glass: .*prod.*NOT polled/);
    });
  });

  it('deploy-environment.yml applies inside the GitHub Environment (per-environment approval) with the apply role', () => {
    const w = load('deploy-environment.yml');
    expect(Object.keys(w.on)).toEqual(['workflow_call']);
    expect(needsOf(w.jobs.apply)).toContain('plan');
    expect(w.jobs.apply.environment).toBe('${{ inputs.environment }}');
    const creds = (w.jobs.apply.steps ?? []).find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(creds?.with?.['role-to-assume']).toBe('${{ vars.AWS_APPLY_ROLE_ARN }}');
  });

  it('upload only Markdown summaries and plan digest files: never plan.tfplan, plan JSON or a whole folder', () => {
    let uploads = 0;
    for (const f of files) {
      for (const [name, job] of Object.entries(load(f).jobs)) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('actions/upload-artifact')) continue;
          uploads += 1;
          const paths = String(step.with?.path ?? '')
            .split('\n')
            .map((p) => p.trim())
            .filter((p) => p !== '');
          expect([f, name, paths.length > 0]).toEqual([f, name, true]);
          for (const p of paths) expect([f, name, p, /\.md$/.test(p) || /(^|\/)digest\.json$/.test(p)]).toEqual([f, name, p, true]);
        }
      }
    }
    expect(uploads).toBeGreaterThanOrEqual(2);
    // The apply job gets the digest from the plan job's artifact, so the plan job must upload it.
    const planJob = load('deploy-environment.yml').jobs.plan;
    const upload = (planJob.steps ?? []).find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(String(upload?.with?.path)).toContain('plans/*/digest.json');
  });

  it('apply.yml applies only from refs/heads/main: every job is guarded (workflow_dispatch can start from any ref)', () => {
    const w = load('apply.yml');
    expect(Object.keys(w.on).sort()).toEqual(['push', 'workflow_dispatch']);
    for (const [name, job] of Object.entries(w.jobs)) expect([name, job.if]).toEqual([name, MAIN_ONLY]);
  });

  it('deploy-environment.yml itself refuses any ref but refs/heads/main before planning or applying', () => {
    const w = load('deploy-environment.yml');
    // A job with no dependencies that fails for other refs; plan and apply depend on it and carry the guard too.
    const guards = Object.entries(w.jobs).filter(([, j]) => needsOf(j).length === 0 && (j.steps ?? []).some((s) => (s.run ?? '').includes('refs/heads/main')));
    expect(guards.map(([n]) => n)).toHaveLength(1);
    const [guardName, guard] = guards[0];
    expect((guard.steps ?? []).some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))).toBe(false);
    for (const job of ['plan', 'apply']) {
      expect([job, needsOf(w.jobs[job]).includes(guardName) || needsOf(w.jobs[job]).some((n) => needsOf(w.jobs[n]).includes(guardName))]).toEqual([job, true]);
      expect([job, w.jobs[job].if]).toEqual([job, MAIN_ONLY]);
    }
    const step = (guard.steps ?? []).find((s) => (s.run ?? '').includes('refs/heads/main'))!;
    const refFrom = (ref: string) => {
      const expressions = { 'github.ref': ref };
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, v === '${{ github.ref }}' ? ref : v]));
      return runStep(step.run!, tmpOutdir(), { expressions, env });
    };
    expect(refFrom('refs/heads/main').status).toBe(0);
    for (const ref of ['refs/heads/feature', 'refs/tags/v1', 'refs/heads/main-old', 'refs/pull/1/merge']) {
      const r = refFrom(ref);
      expect([ref, r.status]).toEqual([ref, 1]);
      expect(r.stdout).toContain('::error::');
    }
  });

  it('the apply job plans again, verifies the digest against the reviewed one, and applies only that verified plan', () => {
    const steps = load('deploy-environment.yml').jobs.apply.steps ?? [];
    const download = steps.findIndex((s) => s.uses?.startsWith('actions/download-artifact'));
    const verify = steps.findIndex((s) => /npm run --silent plan -- \$\{\{ inputs\.environment \}\}.* --expect-digest plans\/reviewed/.test(s.run ?? ''));
    const apply = steps.findIndex((s) => /terraform .*\bapply\b/.test(s.run ?? ''));
    expect([download >= 0, verify >= 0, apply >= 0]).toEqual([true, true, true]);
    expect(download).toBeLessThan(verify);
    expect(verify).toBeLessThan(apply);
    expect(steps[download].with?.path).toBe('plans/reviewed/');
    expect(steps[verify].run).toContain('--out plans/fresh');
    // The verified plan file, never anything downloaded.
    expect(steps[apply].run).toMatch(/apply -input=false -parallelism=30 "\$GITHUB_WORKSPACE\/plans\/fresh\/\$stack\/plan\.tfplan"/);
    expect(steps[apply].run).not.toContain('plans/reviewed');
    // A failed verification stops the job: nothing lets the apply step run after it.
    expect([steps[verify]['continue-on-error'], steps[apply].if, steps[apply]['continue-on-error']]).toEqual([undefined, undefined, undefined]);
    const expressions = { 'inputs.environment': 'dev' };
    const verifyWith = (code: number) => {
      const dir = tmpOutdir();
      return runStep(steps[verify].run!, dir, { expressions, npm: `mkdir -p plans/fresh; echo summary > plans/fresh/summary.md; exit ${code}` });
    };
    expect(verifyWith(1).status).toBe(1); // not the reviewed plan (or the plan failed)
    expect(verifyWith(0).status).toBe(0);
    expect(verifyWith(2).status).toBe(0); // a reviewed stateful replacement, approved in the environment
  });

  describe('deploy-environment.yml apply job (review 16 nits 14, 15)', () => {
    const job = () => load('deploy-environment.yml').jobs.apply;
    const stepNamed = (re: RegExp) => {
      const step = (job().steps ?? []).find((s) => re.test(s.name ?? ''));
      if (!step) throw new Error(`no step named ${re}`);
      return step;
    };
    /** Runs the stack-finding step over plans/fresh/<folder>/digest.json files with the given `stack` fields. */
    const findStack = (environment: string, digests: Record<string, unknown>) => {
      const step = stepNamed(/^Find the stack/);
      const dir = tmpOutdir();
      for (const [folder, stack] of Object.entries(digests)) {
        fs.mkdirSync(path.join(dir, 'plans', 'fresh', folder), { recursive: true });
        fs.writeFileSync(path.join(dir, 'plans', 'fresh', folder, 'digest.json'), JSON.stringify({ format: 'x', stack, digest: 'sha256:0', changes: [], outputs: [] }));
      }
      expect(step.env).toEqual({ ENVIRONMENT: '${{ inputs.environment }}' });
      return runStep(step.run!, dir, { expressions: {}, env: { ENVIRONMENT: environment } });
    };

    it("finds the stack from the digest file's stack field, also for an app name with hyphens", () => {
      for (const [env, stack] of [
        ['dev', 'helloapi-dev'],
        ['dev', 'my-app-dev'],
        ['prod', 'hello-api-v2-prod'],
        ['account-nonprod', 'my-app-account-nonprod'],
      ]) {
        const r = findStack(env, { [stack]: stack });
        expect([stack, r.status, r.output]).toEqual([stack, 0, `name=${stack}\n`]);
      }
      // The apply step takes that name (no pattern over folder names any more).
      const apply = stepNamed(/^Apply the verified plan/);
      expect(apply.env).toEqual({ STACK: '${{ steps.stack.outputs.name }}' });
      expect(apply.run).not.toMatch(/grep|\^\[\^-\]/);
      expect(stepNamed(/^Find the stack/).id).toBe('stack');
    });

    it('refuses to guess: no digest, several digests, or a stack field that is not the folder <app>-<env>', () => {
      for (const [env, digests] of [
        ['dev', {}],
        ['dev', { 'helloapi-dev': 'helloapi-dev', 'other-dev': 'other-dev' }],
        ['dev', { 'helloapi-dev': 'helloapi-staging' }],
        ['dev', { 'helloapi-staging': 'helloapi-staging' }],
        ['dev', { 'helloapi-dev': 42 }],
      ] as [string, Record<string, unknown>][]) {
        const r = findStack(env, digests);
        expect([JSON.stringify(digests), r.status, r.output]).toEqual([JSON.stringify(digests), 1, '']);
        expect(r.stdout).toMatch(/::error::.*Nothing was applied\./);
      }
    });

    it('the apply session lasts 3 hours (the role must allow it) and the job ends before it', () => {
      const creds = (job().steps ?? []).find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))!;
      expect(creds.with?.['role-duration-seconds']).toBe(10800);
      expect(job()['timeout-minutes']).toBe(180);
      expect(job()['timeout-minutes']! * 60).toBeLessThanOrEqual(Number(creds.with?.['role-duration-seconds']));
      // The comment tells the operator the role's MaxSessionDuration must allow it, and how.
      const source = text('deploy-environment.yml');
      const at = source.indexOf('role-duration-seconds: 10800');
      expect(source.slice(source.lastIndexOf('- name: AWS credentials (OIDC, apply role)', at), at)).toMatch(/MaxSessionDuration must[\s\S]*--max-session-duration 10800/);
      // The read-only plan job keeps the default session.
      expect((load('deploy-environment.yml').jobs.plan.steps ?? []).find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))?.with?.['role-duration-seconds']).toBeUndefined();
    });

    it('a failed apply never uploads errored.tfstate (it holds secrets): it prints the state push recovery instead', () => {
      const steps = job().steps ?? [];
      expect(steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'))).toEqual([]);
      for (const f of files) {
        for (const [name, j] of Object.entries(load(f).jobs)) {
          for (const s of (j.steps ?? []).filter((x) => x.uses?.startsWith('actions/upload-artifact'))) {
            expect([f, name, String(s.with?.path ?? '')]).not.toEqual([f, name, expect.stringMatching(/tfstate|\.gen/)]);
          }
        }
      }
      const recover = stepNamed(/^On a failed apply/);
      expect(recover.if).toBe("failure() && steps.stack.outputs.name != ''");
      const index = (re: RegExp) => steps.findIndex((s) => re.test(s.name ?? ''));
      expect(index(/^On a failed apply/)).toBeGreaterThan(index(/^Apply the verified plan/));
      expect(index(/^Apply the verified plan/)).toBeGreaterThan(index(/^Find the stack/));
      const run = (withErrored: boolean) => {
        const dir = tmpOutdir();
        const stackDir = path.join(dir, '.gen', 'plan', 'stacks', 'my-app-prod');
        fs.mkdirSync(stackDir, { recursive: true });
        if (withErrored) fs.writeFileSync(path.join(stackDir, 'errored.tfstate'), '{"secret":"x"}');
        expect(recover.env).toEqual({ STACK: '${{ steps.stack.outputs.name }}' });
        return runStep(recover.run!, dir, { expressions: {}, env: { STACK: 'my-app-prod' } });
      };
      const errored = run(true);
      expect(errored.status).toBe(0);
      expect(errored.stdout).toContain('::error::Terraform could not save the state of my-app-prod');
      expect(errored.stdout).toContain('terraform -chdir=.gen/plan/stacks/my-app-prod state push errored.tfstate');
      expect(errored.stdout).not.toContain('"secret"');
      const clean = run(false);
      expect(clean.stdout).toMatch(/No errored\.tfstate/);
      expect(clean.stdout).not.toContain('state push');
    });
  });

  it('plan.yml comments on the pull request when the plan fails (with the error tail), and the check still fails', async () => {
    const steps = load('plan.yml').jobs.plan.steps ?? [];
    const plan = steps.find((s) => s.id === 'plan')!;
    const comment = steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
    expect(comment.if).toMatch(/!cancelled\(\)|always\(\)/);

    const dir = tmpOutdir();
    // npm run plan failed after writing its summary (what scripts/plan.ts does on every error).
    const failed = runStep(plan.run!, dir, {
      expressions: { 'matrix.environment': 'dev' },
      npm: 'mkdir -p plans; printf "## Plan: helloapi-dev\\n\\nERROR init failed\\n" > plans/summary.md; echo "Error: AccessDenied" >&2; exit 1',
    });
    expect(failed.status).toBe(1);
    expect(failed.output).toContain('exit=1');

    const posted: { body: string }[] = [];
    const github = {
      paginate: async () => [],
      rest: { issues: { listComments: {}, createComment: async (c: { body: string }) => posted.push(c), updateComment: async () => undefined } },
    };
    const context = { serverUrl: 'https://github.com', runId: 42, repo: { owner: 'o', repo: 'r' }, payload: { pull_request: { number: 7 } } };
    const runScript = async (exitCode: string, cwd = dir) => {
      const saved = { cwd: process.cwd(), ENVIRONMENT: process.env.ENVIRONMENT, EXIT_CODE: process.env.EXIT_CODE };
      process.chdir(cwd);
      Object.assign(process.env, { ENVIRONMENT: 'dev', EXIT_CODE: exitCode });
      try {
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        const fn = new Function('require', 'github', 'context', `return (async () => {\n${String(comment.with?.script)}\n})();`) as (...a: unknown[]) => Promise<void>;
        await fn(require, github, context);
      } finally {
        process.chdir(saved.cwd);
        for (const k of ['ENVIRONMENT', 'EXIT_CODE'] as const) {
          if (saved[k] === undefined) delete process.env[k];
          else process.env[k] = saved[k];
        }
      }
    };
    await runScript(failed.output.match(/exit=(\d+)/)![1]);
    expect(posted).toHaveLength(1);
    expect(posted[0].body.startsWith('<!-- helloapi-plan:dev -->')).toBe(true);
    expect(posted[0].body).toContain('Plan failed** (exit 1)');
    expect(posted[0].body).toContain('ERROR init failed');
    // A step before the plan failed (no exit output, no summary): the comment says the plan did not run.
    await runScript('', tmpOutdir());
    expect(posted[1].body).toContain('The plan did not run');

    // npm run plan died before writing a summary (the build failed): the step writes one from the output's tail.
    const dir3 = tmpOutdir();
    const crash = runStep(plan.run!, dir3, { expressions: { 'matrix.environment': 'dev' }, npm: "echo 'src/x.ts(1,1): error TS2304 AKIAIOSFODNN7EXAMPLE'; exit 7" });
    expect(crash.status).toBe(1);
    const summary = fs.readFileSync(path.join(dir3, 'plans', 'summary.md'), 'utf8');
    expect(summary).toContain('error TS2304');
    expect(summary).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  describe('policy-audit.yml: the one audit job, SARIF to code scanning (issue 20), run by plan.yml and audit.yml', () => {
    const job = () => load('policy-audit.yml').jobs.audit;
    const AUDIT_PERMISSIONS = { contents: 'read', 'security-events': 'write', actions: 'read' };
    const CALLERS = [['plan.yml', 'audit'], ['audit.yml', 'audit']] as const;

    it('is a reusable workflow (workflow_call) with one job, which plan.yml and audit.yml call without steps of their own', () => {
      const w = load('policy-audit.yml');
      expect(Object.keys(w.on)).toEqual(['workflow_call']);
      expect(Object.keys(w.jobs)).toEqual(['audit']);
      for (const [f, name] of CALLERS) {
        const caller = load(f).jobs[name];
        expect([f, caller.uses, caller.steps]).toEqual([f, './.github/workflows/policy-audit.yml', undefined]);
      }
      // No other workflow repeats the audit.
      for (const f of files.filter((x) => x !== 'policy-audit.yml')) {
        const steps = Object.values(load(f).jobs).flatMap((j) => j.steps ?? []);
        expect([f, steps.filter((s) => s.run?.includes('--format sarif') || s.uses?.startsWith('github/codeql-action/upload-sarif'))]).toEqual([f, []]);
      }
    });

    it('runs the audit with --format sarif and uploads reports/audit.sarif with upload-sarif', () => {
      const steps = job().steps ?? [];
      const audit = steps.find((s) => s.id === 'audit')!;
      expect(audit.run).toContain('npm run --silent audit -- --format sarif --out reports');
      const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
      // One category for pull requests and main: code scanning compares a PR's alerts with main's analysis of it.
      expect(upload.with).toEqual({ sarif_file: 'reports/audit.sarif', category: 'helloapi-policy' });
      expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(audit));
      // Uploaded also when the audit found production errors; a fork's pull request (read-only token) skips the
      // upload; pushes to main (github is the caller's context) upload.
      expect(upload.if).toContain('!cancelled()');
      expect(upload.if).toContain("hashFiles('reports/audit.sarif')");
      expect(upload.if).toContain("(github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)");
    });

    it('grants security-events: write to that job and its two callers only (with actions: read, which upload-sarif needs in a private repository)', () => {
      expect(job().permissions).toEqual(AUDIT_PERMISSIONS);
      // A called workflow gets at most what its caller grants: each caller grants the same.
      for (const [f, name] of CALLERS) expect([f, load(f).jobs[name].permissions]).toEqual([f, AUDIT_PERMISSIONS]);
      for (const f of files) {
        const w = load(f);
        expect([f, w.permissions?.['security-events']]).toEqual([f, undefined]);
        for (const [name, j] of Object.entries(w.jobs)) {
          if (f === 'policy-audit.yml' || CALLERS.some(([cf, cn]) => cf === f && cn === name)) continue;
          expect([f, name, j.permissions?.['security-events']]).toEqual([f, name, undefined]);
        }
      }
    });

    it("audit.yml uploads main's analysis on every push to main; plan.yml on pull requests", () => {
      const w = load('audit.yml');
      expect(Object.keys(w.on as object).sort()).toEqual(['push', 'workflow_dispatch']);
      expect((w.on as { push: { branches: string[] } }).push.branches).toEqual(['main']);
      expect(Object.keys(load('plan.yml').on)).toEqual(['pull_request']);
      expect((job().steps ?? []).some((s) => s.if === "steps.audit.outputs.exit == '1'")).toBe(true);
    });

    it('the audit step uploads after exit 0 and 1, fails the step on 2 (nothing to upload); exit 1 fails the job after the upload', () => {
      const steps = job().steps ?? [];
      const audit = steps.find((s) => s.id === 'audit')!;
      for (const [code, status] of [[0, 0], [1, 0], [2, 1]] as const) {
        const r = runStep(audit.run!, tmpOutdir(), { expressions: {}, npm: `mkdir -p reports; echo '{}' > reports/audit.sarif; exit ${code}` });
        expect([code, r.status, r.output]).toEqual([code, status, `exit=${code}\n`]);
      }
      const gate = steps.find((s) => s.if === "steps.audit.outputs.exit == '1'")!;
      expect(steps.indexOf(gate)).toBeGreaterThan(steps.findIndex((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
      expect(runStep(gate.run!, tmpOutdir(), { expressions: {} }).status).toBe(1);
    });
  });

  describe('drift.yml (issue 20)', () => {
    const w = () => load('drift.yml');
    const drift = () => w().jobs.drift;
    const stepNamed = (re: RegExp) => {
      const step = (drift().steps ?? []).find((s) => re.test(s.name ?? ''));
      if (!step) throw new Error(`no step named ${re}`);
      return step;
    };

    it('runs on a schedule and on demand, read-only at the top, with least-privilege job permissions', () => {
      expect(Object.keys(w().on).sort()).toEqual(['schedule', 'workflow_dispatch']);
      const [schedule] = w().on.schedule as { cron: string }[];
      expect(schedule.cron.split(' ')).toHaveLength(5);
      expect(w().permissions).toEqual({ contents: 'read' });
      expect(drift().permissions).toEqual({ contents: 'read', 'id-token': 'write', issues: 'write' });
      expect(w().jobs.environments.permissions).toEqual({ contents: 'read' });
    });

    it('has a matrix over the committed environments, listed by npm run drift -- environments (checked against environments/)', () => {
      const list = (w().jobs.environments.steps ?? []).find((s) => s.id === 'list')!;
      expect(list.run).toBe('echo "list=$(npm run --silent drift -- environments)" >> "$GITHUB_OUTPUT"');
      expect(w().jobs.environments.outputs).toEqual({ list: '${{ steps.list.outputs.list }}' });
      expect(drift().needs).toBe('environments');
      expect(drift().strategy).toEqual({ 'fail-fast': false, matrix: { environment: '${{ fromJSON(needs.environments.outputs.list) }}' } });
      // The step's output with the real command (npm stands for `npm run --silent drift --`, i.e. scripts/drift.ts).
      const { main } = require('../../scripts/drift') as typeof import('../../scripts/drift');
      let out = '';
      expect(main(['environments'], (t) => (out += t))).toBe(0);
      const r = runStep(list.run!, tmpOutdir(), { expressions: {}, npm: `printf '%s' '${out.trim()}'` });
      const listed = JSON.parse(r.output.replace(/^list=/, '')) as string[];
      const files = environmentFiles();
      expect(listed.sort()).toEqual(files.sort());
    });

    it('assumes the read-only plan role of the `<env>-plan` environment with OIDC, as deploy-environment.yml plans', () => {
      expect(drift().environment).toBe('${{ matrix.environment }}-plan');
      expect(load('deploy-environment.yml').jobs.plan.environment).toBe('${{ inputs.environment }}-plan');
      const creds = (drift().steps ?? []).find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))!;
      expect(creds.with?.['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
      const steps = drift().steps ?? [];
      expect(steps.findIndex((s) => s === creds)).toBeLessThan(steps.findIndex((s) => s.run === 'npx cdktf synth'));
      expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(false);
    });

    /** Runs the plan step with a fake terraform that exits with the given codes per subcommand. */
    const planWith = (codes: { init?: number; plan?: number; show?: number }) => {
      const step = stepNamed(/^Plan against the real state/);
      const dir = tmpOutdir();
      fs.mkdirSync(path.join(dir, '.bin'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, '.bin', 'terraform'),
        `#!/bin/bash\necho "$@" >> "$RUNNER_TEMP/calls"\ncase "$2" in init) exit ${codes.init ?? 0};; plan) exit ${codes.plan ?? 0};; show) echo '{"format_version":"1.2"}'; exit ${codes.show ?? 0};; esac\n`,
        { mode: 0o755 },
      );
      expect(step.env).toEqual({ STACK: '${{ steps.stack.outputs.name }}' });
      const r = runStep(step.run!, dir, { expressions: {}, env: { STACK: 'helloapi-dev' } });
      const temp = path.join(dir, '.runner-temp');
      const calls = fs.existsSync(path.join(temp, 'calls')) ? fs.readFileSync(path.join(temp, 'calls'), 'utf8') : '';
      return { ...r, calls, planJson: fs.existsSync(path.join(temp, 'plan.json')) };
    };

    it('plans read-only with -detailed-exitcode -lock=false -refresh=true in the synthesized stack, then show -json', () => {
      const clean = planWith({ plan: 0 });
      expect([clean.status, clean.output, clean.planJson]).toEqual([0, 'exit=0\n', true]);
      const calls = clean.calls.trim().split('\n');
      expect(calls[0]).toMatch(/^-chdir=cdktf\.out\/stacks\/helloapi-dev init /);
      expect(calls[1]).toMatch(/^-chdir=cdktf\.out\/stacks\/helloapi-dev plan -detailed-exitcode -lock=false -refresh=true /);
      expect(calls[2]).toMatch(/^-chdir=cdktf\.out\/stacks\/helloapi-dev show -json /);
      expect(planWith({ plan: 2 }).output).toBe('exit=2\n');
      const failed = planWith({ plan: 1 });
      expect([failed.status, failed.output, failed.planJson, failed.calls.includes('show')]).toEqual([0, 'exit=1\n', false, false]);
      expect(planWith({ init: 1 }).calls.trim().split('\n')).toHaveLength(1);
      expect(planWith({ plan: 2, show: 1 }).output).toBe('exit=1\n');
      // A failed check fails the job at the end (after the issue step left the issue alone).
      const fail = stepNamed(/^Fail when the drift check failed/);
      expect(fail.if).toBe("steps.plan.outputs.exit != '0' && steps.plan.outputs.exit != '2'");
    });

    it('classifies with npm run drift classify, from the plan JSON in RUNNER_TEMP (never uploaded)', () => {
      const step = stepNamed(/^Classify the drift/);
      expect(step.run).toContain('node dist/scripts/drift.js classify --environment "$ENVIRONMENT" --stack "$STACK" --exit-code "$EXIT_CODE" --plan-json "$RUNNER_TEMP/plan.json" --out drift');
      expect(step.env).toEqual({ ENVIRONMENT: '${{ matrix.environment }}', STACK: '${{ steps.stack.outputs.name }}', EXIT_CODE: '${{ steps.plan.outputs.exit }}' });
    });

    describe('the issue step', () => {
      type Issue = { number: number; title: string; state: string; labels: string[]; body: string; pull_request?: unknown };
      const fakeGithub = (issues: Issue[], labels: string[]) => {
        const calls: string[] = [];
        const comments: { issue_number: number; body: string }[] = [];
        const github = {
          paginate: async (_fn: unknown, q: { state: string; labels: string }) => issues.filter((i) => i.state === q.state && i.labels.includes(q.labels)),
          rest: {
            issues: {
              listForRepo: {},
              getLabel: async ({ name }: { name: string }) => {
                if (!labels.includes(name)) throw Object.assign(new Error('Not Found'), { status: 404 });
                return { data: { name } };
              },
              createLabel: async ({ name }: { name: string }) => (calls.push(`createLabel ${name}`), labels.push(name)),
              create: async (i: { title: string; body: string; labels: string[] }) => {
                const issue = { number: 100 + issues.length, state: 'open', ...i };
                issues.push(issue);
                calls.push(`create #${issue.number}`);
                return { data: issue };
              },
              update: async (u: { issue_number: number; title?: string; body?: string; state?: string }) => {
                const i = issues.find((x) => x.number === u.issue_number)!;
                Object.assign(i, Object.fromEntries(Object.entries(u).filter(([k]) => ['title', 'body', 'state'].includes(k))));
                calls.push(`update #${u.issue_number}${u.state ? ` ${u.state}` : ''}`);
              },
              createComment: async (c: { issue_number: number; body: string }) => (calls.push(`comment #${c.issue_number}`), comments.push(c)),
            },
          },
        };
        return { github, calls, comments };
      };
      const runIssueStep = async (planFixture: string | undefined, exitCode: number, issues: Issue[], labels: string[] = []) => {
        const dir = tmpOutdir();
        const { main } = require('../../scripts/drift') as typeof import('../../scripts/drift');
        const args = ['classify', '--environment', 'dev', '--stack', 'helloapi-dev', '--exit-code', String(exitCode), '--out', path.join(dir, 'drift')];
        if (planFixture) args.push('--plan-json', path.join(__dirname, 'fixtures', 'drift', `${planFixture}.json`));
        expect(main(args, () => undefined)).toBe(0);
        const fake = fakeGithub(issues, labels);
        const step = stepNamed(/^Open, update or close the drift issue/);
        const saved = process.cwd();
        process.chdir(dir);
        try {
          const fn = new Function('require', 'github', 'context', 'core', `return (async () => {\n${String(step.with?.script)}\n})();`) as GithubScriptFn;
          await fn(require, fake.github, { serverUrl: 'https://github.com', runId: 7, repo: { owner: 'o', repo: 'r' } }, { info: () => undefined });
        } finally {
          process.chdir(saved);
        }
        return fake;
      };
      const issue = (n: number, label: string, extra: Partial<Issue> = {}): Issue => ({ number: n, title: 'Drift: dev', state: 'open', labels: [label], body: 'old', ...extra });

      it('opens one issue (creating its label) on drift, and updates that issue on the next drifted run', async () => {
        const issues: Issue[] = [];
        const first = await runIssueStep('changes', 2, issues);
        expect(first.calls).toEqual(['createLabel drift:dev', 'create #100']);
        expect(issues[0]).toMatchObject({ title: 'Drift: dev', labels: ['drift:dev'], state: 'open' });
        expect(issues[0].body).toContain('<!-- helloapi-drift:dev -->');
        expect(issues[0].body).toContain('Last checked by [run 7](https://github.com/o/r/actions/runs/7)');
        const second = await runIssueStep('changes', 2, issues, ['drift:dev']);
        expect(second.calls).toEqual(['update #100']);
        expect(issues).toHaveLength(1);
      });

      it("finds the environment's issue by its label only (another environment's and pull requests are not it)", async () => {
        const issues = [issue(5, 'drift:prod', { title: 'Drift: prod' }), issue(6, 'drift:dev', { pull_request: {} }), issue(7, 'drift:dev')];
        const r = await runIssueStep('changes', 2, issues, ['drift:dev', 'drift:prod']);
        expect(r.calls).toEqual(['update #7']);
        expect(issues.find((i) => i.number === 5)!.body).toBe('old');
      });

      it('closes the issue with a comment when the plan is clean (also when only accepted drift remains)', async () => {
        const issues = [issue(9, 'drift:dev')];
        const r = await runIssueStep('clean', 0, issues, ['drift:dev']);
        expect(r.calls).toEqual(['comment #9', 'update #9 closed']);
        expect(r.comments[0].body).toMatch(/^The plan is clean again/);
        const accepted = await runIssueStep('drift-only', 0, [issue(10, 'drift:dev')], ['drift:dev']);
        expect(accepted.calls).toEqual(['comment #10', 'update #10 closed']);
        expect(accepted.comments[0].body).toContain('the configuration ignores');
        // Clean with no open issue: nothing to do.
        expect((await runIssueStep('clean', 0, [], [])).calls).toEqual([]);
      });

      it('leaves the issue alone when the check failed', async () => {
        const issues = [issue(11, 'drift:dev')];
        expect((await runIssueStep(undefined, 1, issues, ['drift:dev'])).calls).toEqual([]);
        expect(issues[0]).toMatchObject({ state: 'open', body: 'old' });
      });
    });
  });
});
