/**
 * The npm construct library, consumed the way another team would: `npm pack`,
 * install the tarball into a fresh CDKTF project (examples/ts-consumer: strict, skipLibCheck false), type-check
 * it against the published declarations, synthesize, then plan offline (terraform plan validates first).
 * The same compiler run type-checks a module importing every subpath of package.json `exports` (the example
 * itself imports two), so every published declaration file is checked as a consumer's compiler checks it.
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

/** The module importing every exported subpath, compiled with the example. */
const EXPORTS_CHECK = 'exports-check.ts';

/** The `exports` keys that are code (`./package.json` is data: its presence is checked in the tarball listing). */
const codeSubpaths = (keys: string[]) => keys.filter((k) => !k.endsWith('.json'));

/** `import * as m<i> from '<subpath>'` for each code subpath (`.` is the package itself). */
function exportsCheck(keys: string[]): string {
  const specifier = (k: string) => (k === '.' ? 'helloapi-infra' : `helloapi-infra/${k.replace(/^\.\//, '')}`);
  const code = codeSubpaths(keys);
  return [...code.map((k, i) => `import * as m${i} from '${specifier(k)}';`), `export const modules = [${code.map((_, i) => `m${i}`).join(', ')}];`, ''].join('\n');
}

describe('TypeScript consumer of the packed library', () => {
  let consumer: string;
  let tarball: string;
  let stack: Record<string, any>;
  let plan: StackPlanResult;
  let listing: string[];
  let exported: Record<string, string | Record<string, string>>;

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
    listing = sh('tar', ['-tzf', tarball], root).split('\n').filter(Boolean);
    exported = JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules', 'helloapi-infra', 'package.json'), 'utf8')).exports;
    fs.writeFileSync(path.join(consumer, EXPORTS_CHECK), exportsCheck(Object.keys(exported)));
    const tsconfig = JSON.parse(fs.readFileSync(path.join(consumer, 'tsconfig.json'), 'utf8'));
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({ ...tsconfig, files: [...tsconfig.files, EXPORTS_CHECK] }, null, 2));
    sh(path.join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], consumer);
    const outdir = path.join(consumer, 'cdktf.out');
    sh(process.execPath, ['main.js'], consumer, { ...process.env, OFFLINE: '1', CDKTF_OUTDIR: outdir });
    const stackDir = path.join(outdir, 'stacks', 'acme-orders');
    stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    [plan] = await planStacks({ stackDirs: [stackDir], concurrency: 1, validate: false });
  });

  it('packs only the library: compiled modules, declarations, README, CHANGELOG; no environments, scripts or tests', () => {
    expect(listing).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/modules/network/index.d.ts', 'package/README.md', 'package/CHANGELOG.md']));
    expect(listing.filter((f) => /package\/(dist\/)?(environments|scripts|__tests__|bench|examples)\//.test(f))).toEqual([]);
    // The layer READMEs the declarations' JSDoc points to (modules/<layer>/README.md), and no TypeScript sources.
    expect(listing).toEqual(expect.arrayContaining(['network', 'database', 'compute', 'edge', 'monitoring', 'account-baseline'].map((l) => `package/modules/${l}/README.md`)));
    expect(listing.filter((f) => /^package\/modules\/.*\.ts$/.test(f))).toEqual([]);
  });

  it('packs every file package.json `exports` points at (types and code of each subpath)', () => {
    const targets = Object.values(exported).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    expect(targets.length).toBeGreaterThan(20);
    expect(targets.filter((t) => !listing.includes(`package/${t.replace(/^\.\//, '')}`))).toEqual([]);
  });

  it('type-checks an import of every exported subpath (strict, skipLibCheck false) in the same compiler run as the example', () => {
    // tsc above threw on any error; this says what it checked.
    expect(fs.readFileSync(path.join(consumer, EXPORTS_CHECK), 'utf8').match(/from 'helloapi-infra[^']*'/g)).toHaveLength(codeSubpaths(Object.keys(exported)).length);
    expect(codeSubpaths(Object.keys(exported)).length).toBeGreaterThan(10);
    expect(fs.existsSync(path.join(consumer, EXPORTS_CHECK.replace(/\.ts$/, '.js')))).toBe(true);
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
