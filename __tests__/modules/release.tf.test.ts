/**
 * Module releases (`npm run release:modules`, scripts/release-modules.ts) consumed the way another team would:
 * the archives served over HTTP on a loopback port, an HCL root (examples/hcl-standalone: network + database +
 * monitoring) whose sources are the archives' URLs pinned by the checksums of SHA256SUMS, `terraform init` and an
 * offline plan. The modules' build folder is deleted first, so nothing can come from it.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { archiveMtime, archiveName, CHECKSUMS_FILE, Release, releaseModules } from '../../scripts/release-modules';
import { findProviderMirror, offlineEnv, run, RunResult, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { tmpOutdir } from '../support/synth';

type Json = Record<string, any>;

const ROOT = path.join(__dirname, '..', '..');
const STANDALONE = path.join(ROOT, 'examples', 'hcl-standalone', 'main.tf');

/** The entries of a .tar.gz (ustar headers read back): name, mode, owner, mtime, type. */
function tarEntries(archive: Buffer): { name: string; mode: number; uid: number; gid: number; mtime: number; type: string; size: number }[] {
  const tar = gunzipSync(archive);
  const out = [];
  const field = (h: Buffer, at: number, len: number) => h.subarray(at, at + len).toString('utf8').replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length; ) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const prefix = field(h, 345, 155);
    const size = parseInt(field(h, 124, 12), 8);
    out.push({
      name: (prefix ? `${prefix}/` : '') + field(h, 0, 100),
      mode: parseInt(field(h, 100, 8), 8),
      uid: parseInt(field(h, 108, 8), 8),
      gid: parseInt(field(h, 116, 8), 8),
      mtime: parseInt(field(h, 136, 12), 8),
      type: field(h, 156, 1),
      size,
    });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe('module releases consumed from their archives', () => {
  const dir = tmpOutdir('helloapi-release-');
  const buildDir = path.join(dir, 'build');
  const served: string[] = [];
  let release: Release;
  let again: Release;
  let builtFiles: Map<string, string[]>;
  let server: http.Server;
  let init: RunResult;
  let plan: RunResult;
  let badChecksum: RunResult;
  let planJson: Json;
  let sums: Map<string, string>;

  beforeAll(async () => {
    release = releaseModules({ root: ROOT, snapshot: true, outdir: path.join(dir, 'release'), buildDir });
    const list = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(d, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
    builtFiles = new Map(fs.readdirSync(buildDir).map((m) => [m, list(path.join(buildDir, m))]));
    // A second release from a second build (files written again, other mtimes): must be byte-identical.
    again = releaseModules({ root: ROOT, snapshot: true, outdir: path.join(dir, 'again'), buildDir: path.join(dir, 'build2') });
    fs.rmSync(buildDir, { recursive: true, force: true });
    fs.rmSync(path.join(dir, 'build2'), { recursive: true, force: true });
    sums = new Map(
      fs
        .readFileSync(path.join(release.dir, CHECKSUMS_FILE), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => {
          const [sum, file] = l.split(/ {2}/);
          return [file, sum];
        }),
    );

    server = http.createServer((req, res) => {
      const file = path.join(release.dir, path.basename(new URL(req.url!, 'http://x').pathname));
      served.push(`${req.method} ${req.url}`);
      if (!fs.existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/gzip' }).end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = (m: string, sum = sums.get(archiveName(m, release.version))) => `${base}/${archiveName(m, release.version)}?checksum=sha256:${sum}`;

    const cliConfig = path.join(dir, 'cli.tfrc');
    writeCliConfig(cliConfig, findProviderMirror());
    // Go skips proxies for loopback addresses already; NO_PROXY says so for any other HTTP client.
    const env = { ...offlineEnv(cliConfig), NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' };
    const bin = terraformBinary().bin;
    const root = path.join(dir, 'root');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'main.tf'), fs.readFileSync(STANDALONE, 'utf8').replace(/"\.\.\/\.\.\/dist\/terraform-modules\/([a-z0-9-]+)"/g, (_, m: string) => `"${url(m)}"`));
    init = await run(bin, ['init', '-input=false', '-no-color', '-backend=false'], root, env);
    plan = init.ok ? await run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false', '-var', 'offline=true', '-out=tfplan'], root, env) : init;
    if (plan.ok) planJson = JSON.parse((await run(bin, ['show', '-json', 'tfplan'], root, env)).stdout);

    // An archive whose checksum is not the one pinned: refused by init (fails before any provider is installed).
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'main.tf'), `module "network" {\n  source = "${url('network', '0'.repeat(64))}"\n}\n`);
    badChecksum = await run(bin, ['init', '-input=false', '-no-color', '-backend=false'], bad, env);
  });

  afterAll(async () => {
    await new Promise((done) => server?.close(done));
  });

  it('writes one archive per built module and a SHA256SUMS listing exactly them with their SHA-256', () => {
    expect([...release.archives.keys()].sort()).toEqual([...builtFiles.keys()].sort());
    expect(fs.readdirSync(release.dir).sort()).toEqual([...release.archives.values(), CHECKSUMS_FILE].sort());
    expect([...sums.keys()].sort()).toEqual([...release.archives.values()].sort());
    for (const [file, sum] of sums) expect(createHash('sha256').update(fs.readFileSync(path.join(release.dir, file))).digest('hex')).toBe(sum);
    expect(release.version).toMatch(/^\d+\.\d+\.\d+-snapshot$/);
  });

  it('is reproducible: a second build and release gives byte-identical archives', () => {
    expect(again.version).toBe(release.version);
    for (const name of [...release.archives.values(), CHECKSUMS_FILE]) {
      expect(fs.readFileSync(path.join(again.dir, name)).equals(fs.readFileSync(path.join(release.dir, name)))).toBe(true);
    }
  });

  it('each archive holds, at its root, everything the emitted module folder holds plus CHANGELOG.md; sorted, owner 0:0, fixed mtime', () => {
    for (const [module, files] of builtFiles) {
      const entries = tarEntries(fs.readFileSync(path.join(release.dir, release.archives.get(module)!)));
      const names = entries.map((e) => e.name);
      expect(names).toEqual([...names].sort());
      const dirs = new Set(files.filter((f) => f.includes('/')).flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`)));
      expect(names.sort()).toEqual([...files, ...dirs, 'CHANGELOG.md'].sort());
      expect(entries.filter((e) => e.uid !== 0 || e.gid !== 0 || e.mtime !== archiveMtime())).toEqual([]);
      expect(entries.filter((e) => e.mode !== (e.type === '5' ? 0o755 : 0o644))).toEqual([]);
    }
  });

  it('terraform init fetches the archives over HTTP, checking each against its SHA256SUMS checksum', () => {
    expect(init.stderr).toBe('');
    expect(init.ok).toBe(true);
    const installed = JSON.parse(fs.readFileSync(path.join(dir, 'root', '.terraform', 'modules', 'modules.json'), 'utf8')).Modules as Json[];
    expect(installed.filter((m) => m.Key).map((m) => [m.Key, m.Source.replace(/^.*\//, '').replace(/\?.*$/, '')]).sort()).toEqual(
      ['database', 'monitoring', 'network'].map((m) => [m, archiveName(m, release.version)]),
    );
    const network = path.join(dir, 'root', '.terraform', 'modules', 'network');
    expect(fs.readFileSync(path.join(network, 'CHANGELOG.md'), 'utf8')).toContain(`## ${release.version}`);
    expect(fs.readFileSync(path.join(network, 'README.md'), 'utf8')).toContain(`## Using version ${release.version}`);
    expect(served.filter((r) => r.startsWith('GET '))).toEqual(expect.arrayContaining(['database', 'monitoring', 'network'].map((m) => expect.stringContaining(`/${archiveName(m, release.version)}`))));
  });

  it('refuses an archive that does not match the pinned checksum', () => {
    expect(badChecksum.ok).toBe(false);
    expect(badChecksum.stderr).toMatch(/Checksums did not match/);
  });

  it('plans network + database + monitoring from the archives offline (the cross-module wiring holds)', () => {
    expect(plan.stderr).toBe('');
    expect(plan.ok).toBe(true);
    const changes = (planJson.resource_changes as Json[]).filter((c) => c.mode === 'managed');
    expect(new Set(changes.map((c) => /^module\.([a-z_]+)\./.exec(c.address)![1]))).toEqual(new Set(['network', 'database', 'monitoring']));
    const after = (address: string) => changes.find((c) => c.address === address)!.change.after;
    expect(after('module.database.aws_db_instance.database_primary')).toMatchObject({ port: 6432 });
    expect(after('module.network.aws_vpc_security_group_ingress_rule.network_db_ingress_app')).toMatchObject({ from_port: 6432, to_port: 6432 });
  });
});
