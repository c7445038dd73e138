import * as fs from 'fs';
import * as path from 'path';
import { runAudit } from '../../scripts/audit';
import { devInput, prodInput, resolveInputs } from '../support/fixtures';
import { tmpOutdir } from '../support/synth';

describe('npm run audit', () => {
  it('writes a Markdown and a JSON report per stack plus a summary, and exits 1 while a production error remains', () => {
    const outDir = path.join(tmpOutdir(), 'reports');
    const stale = { rule: 'HAPI-RDS-01', resource: 'aws_db_instance.database_primary', reason: 'Left over from a migration long finished.' };
    const configs = resolveInputs(prodInput({ policy: { suppressions: [stale] } }), devInput());
    let out = '';
    const { exitCode, run } = runAudit({ configs, outDir, write: (t) => (out += t) });
    expect(exitCode).toBe(1);
    const names = run.reports.map((r) => r.stackName);
    expect(names).toEqual(expect.arrayContaining(['helloapi-prod', 'helloapi-dev', 'helloapi-state']));
    for (const n of names) {
      expect(fs.existsSync(path.join(outDir, `${n}.md`))).toBe(true);
      expect(JSON.parse(fs.readFileSync(path.join(outDir, `${n}.json`), 'utf8')).stack).toBe(n);
    }
    const prod = JSON.parse(fs.readFileSync(path.join(outDir, 'helloapi-prod.json'), 'utf8'));
    expect(prod.checklist.map((r: { item: string }) => r.item)).toContain('HTTP redirects to HTTPS');
    expect(prod.suppressions).toEqual([stale]);
    expect(prod.problems[0].code).toBe('HAPI-POLICY-01');
    const md = fs.readFileSync(path.join(outDir, 'helloapi-prod.md'), 'utf8');
    expect(md).toContain('## Security checklist (from the security guide)');
    expect(md).toContain('| Item | Status | Evidence |');
    expect(md).toContain(stale.reason);
    // The network reachability graph closes each environment report, not the shared stacks'.
    expect(md).toContain('## Network reachability');
    // Prod is behind CloudFront: only CloudFront reaches its internal ALB (issue 17).
    expect(md).toMatch(/cloudfront -->\|"tcp\/443"\| alb/);
    expect(md).not.toMatch(/internet -->\|[^|]*\| alb/);
    expect(fs.readFileSync(path.join(outDir, 'helloapi-state.md'), 'utf8')).not.toContain('## Network reachability');
    expect(fs.readFileSync(path.join(outDir, 'summary.md'), 'utf8')).toContain('| [helloapi-prod](helloapi-prod.md) |');
    expect(out).toContain('== helloapi-prod (environment, production)');
    expect(out).toContain('production policy errors remain in: helloapi-prod');
  });

  it('exits 0 when only non-production stacks have errors', () => {
    const outDir = path.join(tmpOutdir(), 'reports');
    const stale = { rule: 'HAPI-RDS-01', reason: 'Left over from a migration long finished.' };
    const { exitCode, run } = runAudit({ configs: resolveInputs(devInput({ policy: { suppressions: [stale] } })), outDir, write: () => undefined });
    expect(run.reports.find((r) => r.stackName === 'helloapi-dev')!.errorCount).toBe(1);
    expect(exitCode).toBe(0);
  });
});
