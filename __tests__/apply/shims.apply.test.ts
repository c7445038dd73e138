/**
 * The emulator's shims (scripts/emulator/shims.py) and its server: their own Python tests, run where the apply
 * tier runs (jest.global-setup.js: HELLOAPI_APPLY_TIER), plus the harness: the emulator starts on a free port and
 * stops, and a call to anything but the emulator fails at once through the closed proxy.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { deployEnv, EMULATOR_DIR, niced, startEmulator, tempDir, writeProfiles } from './harness';
import { startEgressGuard } from '../../scripts/emulator/egress-guard';
import { pythonBinary } from '../../scripts/emulator/moto';
import { NICE } from './runbook';

const decision = process.env.HELLOAPI_APPLY_TIER ?? 'skip: jest.global-setup.js did not run';
const d = decision === 'run' ? describe : describe.skip;
if (decision !== 'run') console.log(`apply tier skipped: ${decision}`);

d('the AWS API emulator', () => {
  it('shims: python3 -m unittest scripts/emulator/shims_test.py passes', async () => {
    // Off the critical path (runbook.ts: NICE): this runs beside the runbook (the other jest worker).
    const [program, ...args] = niced(NICE.offCriticalPath, [pythonBinary(), '-m', 'unittest', '-v', path.join(EMULATOR_DIR, 'shims_test.py')]);
    const r = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(program, args, { cwd: EMULATOR_DIR }, (e, stdout, stderr) =>
        resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
      ),
    );
    expect([r.code, r.out]).toEqual([0, expect.stringMatching(/\nOK\b/)]);
    expect(r.out).toMatch(/Ran ([1-9]\d*) tests/);
  }, 240000);

  it('starts on a free loopback port over HTTPS, answers STS, and stops', async () => {
    const emulator = await startEmulator({ tls: tempDir('helloapi-emu-tls-'), nice: NICE.offCriticalPath });
    try {
      expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.caBundle).toBeDefined();
    } finally {
      await emulator.stop();
    }
    // Stopped: the port refuses connections.
    await expect(
      new Promise((resolve, reject) => http.get(`http://127.0.0.1:${emulator.port}/`, resolve).on('error', reject)),
    ).rejects.toThrow(/ECONNREFUSED/);
  }, 60000);

  it('fails loudly when the emulator cannot start', async () => {
    await expect(startEmulator({ env: { ...process.env, HELLOAPI_PYTHON: '/nonexistent/python3' }, timeoutMs: 5000 })).rejects.toThrow(
      /the AWS API emulator did not start .*\/nonexistent\/python3/,
    );
  });

  it('a request for anything but the emulator is refused at once by the egress guard, which names the host', async () => {
    const guard = await startEgressGuard(1);
    try {
      const env = deployEnv({
        emulator: { url: 'https://127.0.0.1:1' },
        proxyPort: guard.port,
        profiles: writeProfiles(tempDir('helloapi-emu-prof-'), { default: { AccessKeyId: 'a', SecretAccessKey: 'b' } }),
        cliConfigFile: '/dev/null',
      });
      // Terraform and the provider are Go programs with the same HTTP client: `terraform init` without the provider
      // mirror asks the registry, through the guard, and fails at once naming the URL it wanted.
      const dir = tempDir('helloapi-emu-proxy-');
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } } }));
      const start = Date.now();
      const r = await new Promise<{ code: number; out: string }>((resolve) =>
        execFile('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env: { ...env, TF_PLUGIN_CACHE_DIR: '' } }, (e, stdout, stderr) =>
          resolve({ code: e ? 1 : 0, out: `${stdout}${stderr}` }),
        ),
      );
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/registry\.terraform\.io/);
      expect(guard.refused).toContain('registry.terraform.io:443');
      expect(Date.now() - start).toBeLessThan(30000);
    } finally {
      await guard.close();
    }
  }, 60000);

  it("the egress guard tunnels the emulator's account-prefixed host (S3 Control) and nothing else", async () => {
    const emulator = await startEmulator({ tls: tempDir('helloapi-emu-tls-'), accounts: ['111111111111'], nice: NICE.offCriticalPath });
    const guard = await startEgressGuard(emulator.port);
    try {
      const env = { ...deployEnv({
        emulator,
        proxyPort: guard.port,
        profiles: writeProfiles(tempDir('helloapi-emu-prof-'), { default: { AccessKeyId: 'a', SecretAccessKey: 'b' } }),
        cliConfigFile: '/dev/null',
        caBundle: emulator.caBundle,
      }), AWS_ENDPOINT_URL: '', NO_PROXY: '', no_proxy: '' };
      // NO_PROXY is cleared here: Python (like curl) also bypasses the proxy for *.127.0.0.1 when NO_PROXY names
      // 127.0.0.1, while Go (Terraform, the provider) matches an IP entry only against that IP and uses the guard.
      const call = (args: string[]) =>
        new Promise<{ code: number; out: string }>((resolve) =>
          execFile('aws', args, { env }, (e, stdout, stderr) => resolve({ code: e ? 1 : 0, out: `${stdout}${stderr}` })),
        );
      const ok = await call(['--endpoint-url', `https://111111111111.127.0.0.1:${emulator.port}`, 'sts', 'get-caller-identity']);
      expect([ok.code, ok.out]).toEqual([0, expect.stringContaining('"Account"')]);
      const refused = await call(['--endpoint-url', 'https://sqs.us-east-1.amazonaws.com', 'sqs', 'list-queues', '--cli-connect-timeout', '5']);
      expect(refused.code).toBe(1);
      expect([...new Set(guard.refused)]).toEqual(['sqs.us-east-1.amazonaws.com:443']);
    } finally {
      await guard.close();
      await emulator.stop();
    }
  }, 60000);
});
