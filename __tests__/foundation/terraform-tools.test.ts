import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { largestFirst, parsePlanOutput } from '../../scripts/offline-plan';
import { findProviderMirror, LOCK_WITHOUT_CHECKSUMS_ENV, MIRROR_ENV, mirrorSearchRoots, OFFLINE_GOGC, offlineEnv, run, SCHEMA_SERVER_ENV, terraformBinary, writeCliConfig } from '../../scripts/terraform';

describe('offline Terraform tooling', () => {
  it('uses TF_PROVIDER_MIRROR when it holds the provider', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-'));
    fs.mkdirSync(path.join(dir, 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64'), { recursive: true });
    expect(findProviderMirror({ [MIRROR_ENV]: dir })).toBe(dir);
  });

  it('rejects a TF_PROVIDER_MIRROR without the provider, saying what it needs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-'));
    expect(() => findProviderMirror({ [MIRROR_ENV]: dir })).toThrow(/has no registry.terraform.io\/hashicorp\/aws\/5.100.0/);
  });

  it('detects the mirror on this machine when not configured', () => {
    const mirror = findProviderMirror({});
    expect(fs.existsSync(path.join(mirror, 'registry.terraform.io/hashicorp/aws/5.100.0'))).toBe(true);
  });

  it('searches Terraform\'s implied local mirror directories before the rest of the machine', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'home-'));
    const mirror = path.join(home, '.terraform.d', 'plugins');
    const dir = path.join(mirror, 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'terraform-provider-aws_v5.100.0_x5'), '');
    expect(mirrorSearchRoots({ HOME: home })).toEqual([mirror, path.join(home, '.local/share/terraform/plugins'), '/usr/local/share/terraform/plugins', '/usr/share/terraform/plugins', '/opt', '/usr/local', '/srv', '/']);
    // Found there, although the machine has another mirror (the one the test before found).
    expect(findProviderMirror({ HOME: home })).toBe(mirror);
  });

  it('fails clearly when Terraform is missing', () => {
    expect(() => terraformBinary({ ...process.env, TERRAFORM_BIN: '/nonexistent/terraform' })).toThrow(/Terraform not found/);
  });

  it('writes a CLI config that installs hashicorp/aws only from the mirror', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tfrc-')), 'x.tfrc');
    writeCliConfig(file, '/mirror');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('filesystem_mirror');
    expect(text).toContain('path    = "/mirror"');
    expect(text).toContain('include = ["registry.terraform.io/hashicorp/aws"]');
    expect(text).not.toContain('direct');
  });

  it('strips AWS credentials of the machine from offline runs', () => {
    const env = offlineEnv('/x.tfrc', { AWS_PROFILE: 'prod-admin', AWS_ACCESS_KEY_ID: 'AKIA', PATH: '/bin' });
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(env.TF_CLI_CONFIG_FILE).toBe('/x.tfrc');
    expect(env.AWS_EC2_METADATA_DISABLED).toBe('true');
  });

  it('raises the Go GC target for offline runs unless the caller set one', () => {
    expect(offlineEnv('/x.tfrc', { PATH: '/bin' }).GOGC).toBe(OFFLINE_GOGC);
    expect(Number(OFFLINE_GOGC)).toBeGreaterThan(100);
    expect(offlineEnv('/x.tfrc', { PATH: '/bin', GOGC: '100' }).GOGC).toBe('100');
  });

  describe('reading what a plan creates from its output', () => {
    const output = [
      'Terraform used the selected providers to generate the following execution plan. Resource actions are',
      'indicated with the following symbols:',
      '  + create',
      ' <= read (data resources)',
      '',
      'Terraform will perform the following actions:',
      '',
      '  # data.aws_iam_policy_document.x will be read during apply',
      '  # aws_vpc.network_vpc will be created',
      '  + resource "aws_vpc" "network_vpc" {',
      '      + cidr_block = "10.0.0.0/16"',
      '      # (1 unchanged attribute hidden)',
      '    }',
      '',
      '  # module.monitoring.aws_sns_topic_subscription.monitoring_email["ops@example.com"] will be created',
      '  + resource "aws_sns_topic_subscription" "monitoring_email" {',
      '    }',
      '',
      'Plan: 2 to add, 0 to change, 0 to destroy.',
      '',
    ].join('\n');

    it('counts from the summary and names each created resource, data reads excluded', () => {
      expect(parsePlanOutput(output)).toEqual({
        count: 2,
        addresses: ['aws_vpc.network_vpc', 'module.monitoring.aws_sns_topic_subscription.monitoring_email["ops@example.com"]'],
      });
    });

    it('reads an empty plan as zero and an unfinished one as nothing', () => {
      expect(parsePlanOutput('\nNo changes. Your infrastructure matches the configuration.\n')).toEqual({ count: 0, addresses: [] });
      expect(parsePlanOutput('Error: Unsupported argument\n')).toBeUndefined();
    });

    it('plans the largest stack configurations first, equal sizes and missing files in the given order', () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-largest-'));
      const stack = (name: string, bytes: number | undefined) => {
        const dir = path.join(root, name);
        fs.mkdirSync(dir);
        if (bytes !== undefined) fs.writeFileSync(path.join(dir, 'cdk.tf.json'), 'x'.repeat(bytes));
        return dir;
      };
      const dirs = [stack('account', 10), stack('dev', 300), stack('none', undefined), stack('prod', 500), stack('state', 10)];
      expect(largestFirst(dirs).map((d) => path.basename(d))).toEqual(['prod', 'dev', 'account', 'state', 'none']);
      expect(dirs.map((d) => path.basename(d))).toEqual(['account', 'dev', 'none', 'prod', 'state']);
      fs.rmSync(root, { recursive: true, force: true });
    });
  });

  describe('which commands use the shared schema provider (run, with a stand-in terraform that prints TF_REATTACH_PROVIDERS)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-run-routing-'));
    const bin = path.join(dir, 'terraform');
    // Refuses the reattach the way Terraform's test command reports it (on stdout) when asked to fail.
    fs.writeFileSync(bin, '#!/bin/sh\nif [ -n "$TF_REATTACH_PROVIDERS" ] && [ -n "$FAIL_REATTACH" ]; then echo "Reattachment process not found"; exit 1; fi\necho "reattach=${TF_REATTACH_PROVIDERS:-none}"\n', { mode: 0o755 });
    // A live pid (this process), so that run() tries the reattach.
    const shared = JSON.stringify({ 'registry.terraform.io/hashicorp/aws': { Protocol: 'grpc', ProtocolVersion: 5, Pid: process.pid, Test: true, Addr: { Network: 'unix', String: '/nonexistent' } } });
    const env = { PATH: process.env.PATH, [SCHEMA_SERVER_ENV]: shared };
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('terraform test uses it only when the caller says every provider is mocked; plan never does', async () => {
      expect((await run(bin, ['test'], dir, env)).stdout.trim()).toBe('reattach=none');
      expect((await run(bin, ['test'], dir, env, undefined, { providersMocked: true })).stdout.trim()).toBe(`reattach=${shared}`);
      expect((await run(bin, ['plan'], dir, env, undefined, { providersMocked: true })).stdout.trim()).toBe('reattach=none');
      expect((await run(bin, ['validate'], dir, env)).stdout.trim()).toBe(`reattach=${shared}`);
    });

    it('a mocked terraform test that cannot reach the shared provider (reported on stdout) runs again with its own, noted once', async () => {
      const notes: string[] = [];
      const result = await run(bin, ['test'], dir, { ...env, FAIL_REATTACH: '1' }, (m) => notes.push(m), { providersMocked: true });
      expect(result).toEqual({ ok: true, stdout: 'reattach=none\n', stderr: '' });
      expect(notes).toEqual([expect.stringMatching(/could not be reattached: terraform test and later schema-only commands/)]);
    });
  });

  describe('lock files without provider checksums in the test run (LOCK_WITHOUT_CHECKSUMS_ENV)', () => {
    const LOCK = [
      '# This file is maintained automatically by "terraform init".',
      '',
      'provider "registry.terraform.io/hashicorp/aws" {',
      '  version     = "5.100.0"',
      '  constraints = "5.100.0"',
      '  hashes = [',
      '    "h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0=",',
      '  ]',
      '}',
      '',
    ].join('\n');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-lock-'));
    // A stand-in terraform whose init writes the lock file as Terraform 1.11 does.
    const bin = path.join(dir, 'terraform');
    fs.writeFileSync(bin, `#!/bin/sh\ncat > .terraform.lock.hcl <<'EOF'\n${LOCK}EOF\nexit \${INIT_STATUS:-0}\n`, { mode: 0o755 });
    const lock = (d: string) => fs.readFileSync(path.join(d, '.terraform.lock.hcl'), 'utf8');
    const folder = (name: string) => fs.mkdirSync(path.join(dir, name)) ?? path.join(dir, name);
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('after a successful init, drops the checksums and keeps the version and constraints', async () => {
      const d = folder('on');
      expect((await run(bin, ['init'], d, { PATH: process.env.PATH, [LOCK_WITHOUT_CHECKSUMS_ENV]: '1' })).ok).toBe(true);
      expect(lock(d)).toBe(LOCK.replace(/ {2}hashes = \[\n.*\n {2}\]\n/, ''));
      expect(lock(d)).toContain('  version     = "5.100.0"\n  constraints = "5.100.0"\n}');
    });

    it('keeps the lock file as Terraform wrote it without the variable, with 0, after a failed init, and for other commands', async () => {
      for (const [name, value, args, status] of [['unset', undefined, ['init'], '0'], ['zero', '0', ['init'], '0'], ['failed', '1', ['init'], '1'], ['plan', '1', ['plan'], '0']] as const) {
        const d = folder(name);
        await run(bin, [...args], d, { PATH: process.env.PATH, INIT_STATUS: status, ...(value === undefined ? {} : { [LOCK_WITHOUT_CHECKSUMS_ENV]: value }) });
        expect({ name, lock: lock(d) }).toEqual({ name, lock: LOCK });
      }
    });
  });
});
