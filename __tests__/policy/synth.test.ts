/**
 * The policy check runs inside synthesizeAll, on the staging folder, before
 * the output is swapped into place.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PolicyError } from '../../modules/policy/run';
import { synthesizeAll } from '../../modules/stacks/app';
import { devInput, prodInput, resolveInputs } from '../support/fixtures';
import { tmpOutdir } from '../support/synth';

// An unused suppression is a policy error whatever the infrastructure looks like, so these tests
// do not depend on the layers' current findings.
const stale = { rule: 'HAPI-RDS-01', resource: 'aws_db_instance.database_primary', reason: 'Left over from a migration long finished.' };

function captureStderr(fn: () => void): string {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join('');
}

describe('synthesizeAll policy check', () => {
  it('fails the synth of a production environment with a policy error and leaves the output folder untouched', () => {
    const outdir = path.join(tmpOutdir(), 'out');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'previous.txt'), 'previous synth');
    const configs = resolveInputs(prodInput({ policy: { suppressions: [stale] } }));
    let error: unknown;
    captureStderr(() => {
      try {
        synthesizeAll(configs, { outdir });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).message).toContain('policy check failed for helloapi-prod');
    expect((error as PolicyError).message).toContain('HAPI-POLICY-01');
    expect(fs.readdirSync(outdir)).toEqual(['previous.txt']);
    expect(fs.readdirSync(path.dirname(outdir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('prints the same finding as a warning for a non-production environment and writes the output', () => {
    const outdir = path.join(tmpOutdir(), 'out');
    const configs = resolveInputs(devInput({ policy: { suppressions: [stale] } }));
    const stderr = captureStderr(() => synthesizeAll(configs, { outdir }));
    expect(stderr).toContain('policy warnings in helloapi-dev');
    expect(stderr).toContain('HAPI-POLICY-01');
    expect(fs.existsSync(path.join(outdir, 'stacks', 'helloapi-dev', 'cdk.tf.json'))).toBe(true);
  });

  it('fails a non-production environment whose file sets failOnError', () => {
    const outdir = path.join(tmpOutdir(), 'out');
    const configs = resolveInputs(devInput({ policy: { failOnError: true, suppressions: [stale] } }));
    expect(() => captureStderr(() => synthesizeAll(configs, { outdir }))).toThrow(PolicyError);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
