/**
 * `npm run plan` (scripts/plan.ts) around the digest: every summarized plan
 * gets a value-free digest.json and the digest in its summary; the apply side
 * (`--expect-digest`) refuses a fresh plan that is not the reviewed one and
 * deletes its plan file; a failed plan still writes a summary with the tail of
 * the error, credentials masked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDigestFile, planDigest } from '../../modules/review/digest';
import { errorTail, redactSecrets, renderPlanFailure, TerraformPlanJson } from '../../modules/review/summary';
import { failedStack, main, parseArgs, StackPlanOutput, verifyDigests, writeSummary } from '../../scripts/plan';
import { tmpOutdir } from '../support/synth';
import { NEW_SECRET, UNCHANGED_SECRET } from './fixtures/digest-stack';

const FIXTURES = path.join(__dirname, 'fixtures');
const readFixture = (f: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')) as TerraformPlanJson;
const NO_AUDIT = { available: false as const, reason: 'test' };

/** One planned stack as planReal leaves it: plan.tfplan + plan.json + summary.md + digest.json. */
function planned(outDir: string, stack: string, plan: TerraformPlanJson): StackPlanOutput {
  fs.mkdirSync(path.join(outDir, stack), { recursive: true });
  fs.writeFileSync(path.join(outDir, stack, 'plan.tfplan'), 'binary plan');
  fs.writeFileSync(path.join(outDir, stack, 'plan.json'), JSON.stringify(plan));
  return writeSummary(stack, plan, outDir, 'real', NO_AUDIT);
}

describe('npm run plan writes the plan digest', () => {
  it('writes digest.json (no values) next to the summary, and the summary shows the digest', () => {
    const out = tmpOutdir();
    const plan = readFixture('plan-sensitive.json');
    const r = writeSummary('helloapi-dev', plan, out, 'real', NO_AUDIT);
    expect(r.digest).toBe(planDigest(plan));
    const file = parseDigestFile(fs.readFileSync(path.join(out, 'helloapi-dev', 'digest.json'), 'utf8'), 'digest.json');
    expect(file).toMatchObject({ stack: 'helloapi-dev', digest: planDigest(plan) });
    const text = fs.readFileSync(path.join(out, 'helloapi-dev', 'digest.json'), 'utf8');
    expect(text).not.toContain(NEW_SECRET);
    expect(text).not.toContain(UNCHANGED_SECRET);
    expect(fs.readFileSync(path.join(out, 'helloapi-dev', 'summary.md'), 'utf8')).toContain(`Plan digest: \`${planDigest(plan)}\``);
  });

  it('parses --expect-digest', () => {
    expect(parseArgs(['dev', '--out', 'plans/fresh', '--expect-digest', 'plans/reviewed']).expectDigest).toBe('plans/reviewed');
    expect(parseArgs(['dev']).expectDigest).toBeUndefined();
  });
});

describe('--expect-digest: apply only the reviewed plan', () => {
  const plan = readFixture('plan.json');

  it('passes a fresh plan with the reviewed digest and keeps its plan file', () => {
    const reviewed = tmpOutdir();
    const fresh = tmpOutdir();
    planned(reviewed, 'helloapi-dev', plan);
    const results = verifyDigests([planned(fresh, 'helloapi-dev', readFixture('plan.json'))], reviewed, fresh);
    expect(results.map((r) => [r.stack, r.ok, r.exitCode])).toEqual([['helloapi-dev', true, 2]]);
    expect(results[0].markdown).toContain('✅ Same plan as the reviewed one');
    expect(fs.existsSync(path.join(fresh, 'helloapi-dev', 'plan.tfplan'))).toBe(true);
  });

  it('refuses a fresh plan that differs, says what differs and deletes the fresh plan file', () => {
    const reviewed = tmpOutdir();
    const fresh = tmpOutdir();
    planned(reviewed, 'helloapi-dev', plan);
    const changed = JSON.parse(JSON.stringify(plan)) as { resource_changes: { address: string; change: { actions: string[] } }[] };
    changed.resource_changes.find((rc) => rc.address === 'aws_kms_key.database_key')!.change.actions = ['delete', 'create'];
    const [r] = verifyDigests([planned(fresh, 'helloapi-dev', changed as unknown as TerraformPlanJson)], reviewed, fresh);
    expect([r.ok, r.exitCode]).toEqual([false, 1]);
    expect(r.error).toContain('helloapi-dev: the plan made now is not the plan that was reviewed; nothing was applied.');
    expect(r.error).toContain('~ resource aws_kms_key.database_key: reviewed update, now delete,create');
    expect(r.markdown).toContain('❌ **Not the reviewed plan**: not applied.');
    expect(fs.existsSync(path.join(fresh, 'helloapi-dev', 'plan.tfplan'))).toBe(false);
  });

  it('refuses a stack with no reviewed digest, and a reviewed stack that was not planned', () => {
    const reviewed = tmpOutdir();
    const fresh = tmpOutdir();
    planned(reviewed, 'helloapi-staging', plan);
    const results = verifyDigests([planned(fresh, 'helloapi-dev', plan)], reviewed, fresh);
    expect(results.map((r) => [r.stack, r.ok])).toEqual([
      ['helloapi-dev', false],
      ['helloapi-staging', false],
    ]);
    expect(results[0].error).toContain(`helloapi-dev: no reviewed digest at ${path.join(reviewed, 'helloapi-dev', 'digest.json')}; nothing was applied.`);
    expect(results[1].error).toContain('helloapi-staging: reviewed');
    expect(results[1].error).toContain('but not planned now');
    expect(fs.existsSync(path.join(fresh, 'helloapi-dev', 'plan.tfplan'))).toBe(false);
  });

  it('refuses an unreadable reviewed digest, naming the file', () => {
    const reviewed = tmpOutdir();
    const fresh = tmpOutdir();
    fs.mkdirSync(path.join(reviewed, 'helloapi-dev'));
    fs.writeFileSync(path.join(reviewed, 'helloapi-dev', 'digest.json'), '{"format": "x"}');
    const [r] = verifyDigests([planned(fresh, 'helloapi-dev', plan)], reviewed, fresh);
    expect(r.ok).toBe(false);
    expect(r.error).toContain(`${path.join(reviewed, 'helloapi-dev', 'digest.json')}: invalid plan digest file`);
    expect(fs.existsSync(path.join(fresh, 'helloapi-dev', 'plan.tfplan'))).toBe(false);
  });

  it("a failed stack's folder holds only this failure's summary: an earlier run's plan, plan JSON and digest are removed", () => {
    const out = tmpOutdir();
    const dir = path.join(out, 'helloapi-dev');
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ['plan.tfplan', 'plan.json', 'digest.json', 'summary.md']) fs.writeFileSync(path.join(dir, f), 'from an earlier run: Exit code 0');
    const failed = failedStack('helloapi-dev', 'init', 'Error: no valid credential sources', out);
    expect(fs.readdirSync(dir)).toEqual(['summary.md']);
    expect(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8')).toBe(failed.markdown);
    expect(failed.markdown).toContain('init failed');
  });

  it('leaves failed plans as they are (already errors)', () => {
    const failed = failedStack('helloapi-dev', 'init', 'Error: AccessDenied');
    expect(verifyDigests([failed], tmpOutdir(), tmpOutdir())).toEqual([failed]);
  });
});

describe('failed plans still get a summary (the PR comment), with the error tail and no credentials', () => {
  it('masks AWS key ids, secret assignments, presigned credentials, tokens and long base64 runs', () => {
    const text = [
      'Error: AccessDenied for AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'password: hunter2hunter2',
      'GET https://b.s3.amazonaws.com/k?X-Amz-Credential=ASIAXXXXXXXXXXXXXXXX%2F20250101&X-Amz-Signature=abc123',
      'Authorization: AWS4-HMAC-SHA256 Credential=abc',
      'token ghs_abcdefghijklmnopqrstuvwxyz0123456789',
      `blob ${'A'.repeat(60)}`,
      'Error: creating ECS Service (helloapi-dev): InvalidParameterException',
    ].join('\n');
    const r = redactSecrets(text);
    for (const secret of ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'hunter2hunter2', 'ASIAXXXXXXXXXXXXXXXX', 'abc123', 'AWS4-HMAC-SHA256', 'ghs_abcdef', 'A'.repeat(60)]) {
      expect([secret, r.includes(secret)]).toEqual([secret, false]);
    }
    expect(r).toContain('Error: creating ECS Service (helloapi-dev): InvalidParameterException');
    expect(r).toContain('Error: AccessDenied for [redacted access key id]');
  });

  it('keeps the last lines only, without colours', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `\u001b[31mline ${i}\u001b[0m`).join('\n');
    const tail = errorTail(lines, 40);
    expect(tail.split('\n')[0]).toBe('(last 40 of 100 lines)');
    expect(tail).toContain('line 99');
    expect(tail).toContain('line 60');
    expect(tail).not.toContain('line 59\n');
    expect(tail).not.toContain('\u001b');
    expect(errorTail('x'.repeat(10) + '\n' + 'y '.repeat(5000), 40, 100).length).toBeLessThanOrEqual(101);
  });

  it('renders the failed step and the masked tail; failedStack uses it', () => {
    const md = renderPlanFailure('helloapi-dev', 'init', 'Initializing the backend...\nError: AccessDenied AKIAIOSFODNN7EXAMPLE\n```');
    expect(md).toContain('## Plan: helloapi-dev');
    expect(md).toContain('❌ **init failed**');
    expect(md).toContain('Error: AccessDenied [redacted access key id]');
    expect(md.match(/```/g)).toHaveLength(2);
    expect(failedStack('helloapi-dev', 'plan', 'Error: x').markdown).toContain('❌ **plan failed**');
  });

  it('writes plans/summary.md when the plan fails before any stack (exit 1)', async () => {
    const out = tmpOutdir();
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await main(['--from-json', path.join(out, 'missing.json'), '--out', out]);
      expect(code).toBe(1);
    } finally {
      stderr.mockRestore();
    }
    const md = fs.readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(md).toContain('❌ **plan failed**');
    expect(md).toContain('missing.json');
  });
});
