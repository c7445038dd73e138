/**
 * The hosted CI workflows cannot run here; these tests parse them (js-yaml,
 * already in node_modules through jest) and check the structure that matters:
 * triggers, OIDC permissions, no long-lived keys, per-environment approval.
 */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; id?: string; name?: string };
type Job = {
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: { include?: Record<string, string>[] } };
  steps?: Step[];
};
type Workflow = { name: string; on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const DIR = path.join(__dirname, '..', '..', '.github', 'workflows');
const text = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const load = (f: string) => yaml.load(text(f)) as Workflow;

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
        for (const step of job.steps ?? []) if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
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
      expect(w.jobs[env].with).toEqual({ environment: env });
      expect(w.jobs[env].permissions).toMatchObject({ 'id-token': 'write' });
    }
  });

  it('deploy-environment.yml applies the reviewed saved plan inside the GitHub Environment (per-environment approval)', () => {
    const w = load('deploy-environment.yml');
    expect(Object.keys(w.on)).toEqual(['workflow_call']);
    expect(w.jobs.apply.needs).toBe('plan');
    expect(w.jobs.apply.environment).toBe('${{ inputs.environment }}');
    const apply = (w.jobs.apply.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(apply).toMatch(/terraform -chdir=.* apply -input=false "\$GITHUB_WORKSPACE\/plans\/\$stack\/plan\.tfplan"/);
    const creds = (w.jobs.apply.steps ?? []).find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(creds?.with?.['role-to-assume']).toBe('${{ vars.AWS_APPLY_ROLE_ARN }}');
  });
});
