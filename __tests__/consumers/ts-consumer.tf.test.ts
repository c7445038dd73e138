/**
 * The npm construct library, consumed the way another team would: `npm pack`,
 * install the tarball into a fresh CDKTF project (examples/ts-consumer), type-check
 * it against the published declarations, synthesize, then plan offline (terraform plan validates first).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planStacks, StackPlanResult } from '../../scripts/offline-plan';

const root = path.resolve(__dirname, '..', '..');
const example = path.join(root, 'examples', 'ts-consumer');

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

describe('TypeScript consumer of the packed library', () => {
  let consumer: string;
  let tarball: string;
  let stack: Record<string, any>;
  let plan: StackPlanResult;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-consumer-'));
    const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], root)) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, packed[0].filename);
    consumer = path.join(work, 'consumer');
    fs.mkdirSync(consumer);
    for (const f of ['main.ts', 'tsconfig.json', 'cdktf.json', 'package.json']) fs.copyFileSync(path.join(example, f), path.join(consumer, f));
    const pkg = JSON.parse(fs.readFileSync(path.join(consumer, 'package.json'), 'utf8'));
    pkg.dependencies['helloapi-infra'] = `file:${tarball}`;
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify(pkg, null, 2));
    sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], consumer);
    sh(path.join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], consumer);
    const outdir = path.join(consumer, 'cdktf.out');
    sh(process.execPath, ['main.js'], consumer, { ...process.env, OFFLINE: '1', CDKTF_OUTDIR: outdir });
    const stackDir = path.join(outdir, 'stacks', 'acme-orders');
    stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    [plan] = await planStacks({ stackDirs: [stackDir], concurrency: 1, validate: false });
  });

  it('packs only the library: compiled modules, declarations, README; no environments, scripts or tests', () => {
    const listing = sh('tar', ['-tzf', tarball], root).split('\n').filter(Boolean);
    expect(listing).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/modules/network/index.d.ts', 'package/README.md']));
    expect(listing.filter((f) => /package\/(dist\/)?(environments|scripts|__tests__|bench|examples)\//.test(f))).toEqual([]);
  });

  it('declares cdktf, constructs and the AWS provider as peer dependencies', () => {
    const installed = JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules', 'helloapi-infra', 'package.json'), 'utf8'));
    expect(Object.keys(installed.peerDependencies).sort()).toEqual(['@cdktf/provider-aws', 'cdktf', 'constructs']);
    expect(installed.dependencies?.cdktf).toBeUndefined();
  });

  it('synthesizes the subset in the consumer stack with its own provider, backend and prefix', () => {
    expect(stack.provider.aws[0].region).toBe('eu-west-1');
    expect(stack.terraform.backend).toEqual({ local: { path: 'orders.tfstate' } });
    expect(Object.keys(stack.resource.aws_vpc)).toHaveLength(1);
    expect(Object.keys(stack.resource.aws_db_instance)).toHaveLength(1);
    expect(stack.resource.aws_lb).toBeUndefined();
    expect(stack.resource.aws_ecs_service).toBeUndefined();
    const db = Object.values(stack.resource.aws_db_instance)[0] as Record<string, unknown>;
    expect(String(db.identifier)).toMatch(/^acme-orders/);
  });

  it('applies the typed extension point (an extra egress rule)', () => {
    const egress = Object.values(stack.resource.aws_vpc_security_group_egress_rule) as Record<string, unknown>[];
    expect(egress).toContainEqual(expect.objectContaining({ cidr_ipv4: '198.51.100.10/32', from_port: 22, to_port: 22, description: 'Orders worker to partner SFTP' }));
  });

  it('validates and plans offline', () => {
    expect(plan.error ?? '').toBe('');
    expect(plan.ok).toBe(true);
    expect(plan.resourceCount).toBeGreaterThan(20);
  });
});
