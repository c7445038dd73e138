/**
 * jest.global-setup.js / jest.global-teardown.js: a private TMPDIR per run (removed afterwards)
 * and the provider mirror detected once for the Terraform suites. A Terraform-project suite: it needs
 * the provider mirror on this machine.
 */
import * as fs from 'fs';
import * as path from 'path';

/* eslint-disable @typescript-eslint/no-require-imports */
const globalSetup = require('../../jest.global-setup.js') as (config?: { selectProjects?: string[] }) => Promise<void>;
const globalTeardown = require('../../jest.global-teardown.js') as () => Promise<void>;
/* eslint-enable @typescript-eslint/no-require-imports */

const KEYS = ['TMPDIR', 'HELLOAPI_JEST_TMPDIR', 'TF_PROVIDER_MIRROR', 'HELLOAPI_KEEP_TEST_TMP'] as const;

describe('jest global setup and teardown', () => {
  const saved: Partial<Record<(typeof KEYS)[number], string>> = {};
  beforeEach(() => {
    for (const k of KEYS) saved[k] = process.env[k];
    delete process.env.TF_PROVIDER_MIRROR;
  });
  afterEach(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('gives the run its own TMPDIR, passes the detected mirror on, and removes the folder afterwards', async () => {
    const before = process.env.TMPDIR;
    await globalSetup({ selectProjects: undefined });
    const runTmp = process.env.HELLOAPI_JEST_TMPDIR!;
    expect(process.env.TMPDIR).toBe(runTmp);
    expect(runTmp).not.toBe(before);
    expect(path.basename(runTmp)).toMatch(/^helloapi-jest-/);
    expect(fs.statSync(runTmp).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(process.env.TF_PROVIDER_MIRROR!, 'registry.terraform.io/hashicorp/aws/5.100.0'))).toBe(true);
    fs.writeFileSync(path.join(runTmp, 'left-by-a-test'), 'x');
    await globalTeardown();
    expect(fs.existsSync(runTmp)).toBe(false);
  });

  it('skips the mirror search when only the unit suites run, and keeps the folder on request', async () => {
    await globalSetup({ selectProjects: ['unit'] });
    expect(process.env.TF_PROVIDER_MIRROR).toBeUndefined();
    const runTmp = process.env.HELLOAPI_JEST_TMPDIR!;
    process.env.HELLOAPI_KEEP_TEST_TMP = '1';
    await globalTeardown();
    expect(fs.existsSync(runTmp)).toBe(true);
    fs.rmSync(runTmp, { recursive: true, force: true });
  });
});
