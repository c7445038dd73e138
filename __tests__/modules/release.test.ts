/**
 * scripts/release-modules.ts without Terraform: the changelog a module's archive gets, the refusals, the tar
 * writer read back by the system's tar, and the folder swap that leaves nothing half-written.
 * (release.tf.test.ts consumes real archives with Terraform.)
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  archiveMtime,
  archiveName,
  changelogSections,
  checksums,
  DEFAULT_MTIME,
  entryModules,
  gzipDeterministic,
  moduleChangelog,
  releaseProblems,
  releaseTag,
  tarArchive,
  writeReleaseFolder,
} from '../../scripts/release-modules';
import { tmpOutdir } from '../support/synth';

const MODULES = ['network', 'network-2az', 'database', 'edge', 'edge-regional', 'monitoring'];

const CHANGELOG = [
  '# Changelog',
  '',
  '## Unreleased',
  '',
  '### Added',
  '- `edge`: a new input.',
  '',
  '## [0.2.0] - 2026-11-01',
  '',
  '### Breaking (Terraform modules)',
  '',
  '| module | before | now | what to do |',
  '|---|---|---|---|',
  '| `database` | `port` 5432 | `database_port` | wire it |',
  '| `edge`, `edge-regional` | `a` | `b` | rename |',
  '',
  '`network`: a paragraph about the network',
  'on two lines.',
  '',
  '### Breaking (TypeScript constructs)',
  '- `network` is the name of a TypeScript bullet here: left out.',
  '- `Database`: a construct.',
  '',
  '### Added',
  '- All modules: one contract.',
  '- `network` and `network-2az` take `database_port`',
  '  (a continuation line).',
  '- Something about no module.',
  '',
  '## 0.1.0',
  '',
  '### Added',
  '- `edge` first release.',
  '',
].join('\n');

describe('the changelog of a module archive', () => {
  it('finds version sections written as "## 0.1.0" and "## [0.2.0] - date"', () => {
    expect(changelogSections(CHANGELOG).map((s) => s.version)).toEqual(['Unreleased', '0.2.0', '0.1.0']);
  });

  it('attributes an entry to the module names in backticks it starts with, or to every module ("All modules")', () => {
    expect(entryModules('| `edge`, `edge-regional` | a |', MODULES)).toEqual(['edge', 'edge-regional']);
    expect(entryModules('- `network` and `network-2az` take', MODULES)).toEqual(['network', 'network-2az']);
    expect(entryModules('- All modules: one contract', MODULES)).toEqual(MODULES);
    expect(entryModules('- `Database`: a construct', MODULES)).toEqual([]);
    expect(entryModules('- the `network` module', MODULES)).toEqual([]);
  });

  it("keeps the module's table rows, bullets and paragraphs of this and older versions; no TypeScript sections, no Unreleased", () => {
    expect(moduleChangelog(CHANGELOG, 'network', MODULES, '0.2.0')).toBe(
      [
        '# Changelog: helloapi network module',
        '',
        'The entries of the helloapi-infra changelog about the `network` module, newest first.',
        '',
        '## [0.2.0] - 2026-11-01',
        '',
        '### Breaking (Terraform modules)',
        '',
        '`network`: a paragraph about the network',
        'on two lines.',
        '',
        '### Added',
        '',
        '- All modules: one contract.',
        '- `network` and `network-2az` take `database_port`',
        '  (a continuation line).',
        '',
        '## 0.1.0',
        '',
        'No changes to this module.',
        '',
      ].join('\n'),
    );
    const edge = moduleChangelog(CHANGELOG, 'edge-regional', MODULES, '0.2.0');
    expect(edge).toContain('| module | before | now | what to do |\n|---|---|---|---|\n| `edge`, `edge-regional` | `a` | `b` | rename |\n');
    expect(edge).not.toContain('`database`');
  });

  it('a snapshot takes the Unreleased section under its own title; a version without a section throws', () => {
    const snapshot = moduleChangelog(CHANGELOG, 'edge', MODULES, 'Unreleased', '0.3.0-snapshot (snapshot of Unreleased)');
    expect(snapshot).toMatch(/^## 0\.3\.0-snapshot \(snapshot of Unreleased\)\n\n### Added\n\n- `edge`: a new input\.\n/m);
    expect(snapshot).toContain('## 0.1.0\n\n### Added\n\n- `edge` first release.\n');
    expect(() => moduleChangelog(CHANGELOG, 'edge', MODULES, '0.9.0')).toThrow('CHANGELOG.md has no "## 0.9.0" section');
  });

  it("the repository's CHANGELOG.md gives every published module's archive something for Unreleased", () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'CHANGELOG.md'), 'utf8');
    const all = ['state', 'account-baseline', 'network', 'network-2az', 'database', 'edge', 'edge-regional', 'compute', 'monitoring'];
    for (const m of all) expect(moduleChangelog(text, m, all, 'Unreleased')).toMatch(/All modules: /);
  });
});

describe('refusing a release', () => {
  const repo = tmpOutdir('helloapi-release-git-');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });

  beforeAll(() => {
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'CHANGELOG.md'), CHANGELOG);
    git('add', 'CHANGELOG.md');
    git('commit', '-qm', 'x');
  });

  it('accepts a released version with a CHANGELOG section, no tag and a clean tree', () => {
    expect(releaseProblems(repo, '0.2.0', CHANGELOG, false)).toEqual([]);
  });

  it('names every problem at once: no CHANGELOG section, tag exists, uncommitted changes', () => {
    git('tag', releaseTag('0.3.0'));
    fs.appendFileSync(path.join(repo, 'CHANGELOG.md'), '\n');
    const problems = releaseProblems(repo, '0.3.0', CHANGELOG, false);
    git('checkout', '-q', 'CHANGELOG.md');
    expect(problems).toEqual([
      expect.stringMatching(/^CHANGELOG\.md has no "## 0\.3\.0" section: rename "## Unreleased"/),
      expect.stringMatching(/^tag v0\.3\.0 exists already \([0-9a-f]{40}\): a released version never changes/),
      expect.stringMatching(/^uncommitted changes to tracked files .*\n {4}M CHANGELOG\.md/s),
    ]);
  });

  it('refuses a version that is not semver, and a folder that is not a git checkout', () => {
    expect(releaseProblems(repo, '1.0', CHANGELOG, false)[0]).toMatch(/version "1\.0" \(package\.json\) is not a semantic version/);
    const plain = tmpOutdir('helloapi-release-nogit-');
    expect(releaseProblems(plain, '0.2.0', CHANGELOG, false)).toEqual([expect.stringMatching(/is not a git checkout/)]);
  });

  it('a snapshot needs only the Unreleased section', () => {
    const plain = tmpOutdir('helloapi-release-nogit-');
    expect(releaseProblems(plain, '0.3.0', CHANGELOG, true)).toEqual([]);
    expect(releaseProblems(plain, '0.3.0', CHANGELOG.replace('## Unreleased', '## 0.3.0'), true)).toEqual(['CHANGELOG.md has no "## Unreleased" section']);
  });

  it('the command exits 1 with the reasons and writes nothing', () => {
    const project = tmpOutdir('helloapi-release-cli-');
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ version: '0.9.0' }));
    fs.writeFileSync(path.join(project, 'CHANGELOG.md'), CHANGELOG);
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'scripts', 'release-modules.js')], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^release:modules: cannot release the modules as 0\.9\.0:\n {2}- CHANGELOG\.md has no "## 0\.9\.0" section/);
    expect(fs.readdirSync(project).sort()).toEqual(['CHANGELOG.md', 'package.json']);
  });
});

describe('the archive writer', () => {
  const entries = [
    { name: 'main.tf.json', data: Buffer.from('{}\n') },
    { name: 'tests/' },
    { name: 'tests/defaults.tftest.hcl', data: Buffer.from('run "x" {}\n') },
    { name: `examples/${'long-folder-name/'.repeat(5)}`.replace(/\/$/, '/') },
    { name: `examples/${'long-folder-name/'.repeat(5)}${'f'.repeat(60)}.tf`, data: Buffer.alloc(700, 'a') },
    { name: 'examples/' },
  ];

  it('gives the same bytes for the same entries in any order', () => {
    const a = gzipDeterministic(tarArchive(entries));
    const b = gzipDeterministic(tarArchive([...entries].reverse()));
    expect(a.equals(b)).toBe(true);
    expect(a.subarray(4, 8).readUInt32LE()).toBe(0); // gzip header mtime
    expect(a[9]).toBe(3);
  });

  it('is read by the system tar: names (a path over 100 bytes through the ustar prefix), sizes, owner, mode, mtime', () => {
    const dir = tmpOutdir('helloapi-release-tar-');
    const file = path.join(dir, 'a.tar.gz');
    fs.writeFileSync(file, gzipDeterministic(tarArchive(entries)));
    const listing = execFileSync('tar', ['--numeric-owner', '--utc', '-tvzf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.map((l) => l.split(/\s+/).slice(5).join(' '))).toEqual([...entries.map((e) => e.name)].sort());
    for (const l of listing) expect(l).toMatch(/^(-rw-r--r--|drwxr-xr-x) 0\/0 +\d+ 1980-01-01 00:00 /);
    execFileSync('tar', ['-xzf', file, '-C', dir]);
    expect(fs.readFileSync(path.join(dir, entries[4].name)).equals(entries[4].data!)).toBe(true);
    expect(new Date(fs.statSync(path.join(dir, 'main.tf.json')).mtimeMs).getTime() / 1000).toBe(DEFAULT_MTIME);
  });

  it('dates every entry SOURCE_DATE_EPOCH when that is a number of seconds, else 1980-01-01', () => {
    expect(archiveMtime({ SOURCE_DATE_EPOCH: '1700000000' })).toBe(1700000000);
    for (const v of [undefined, '', 'yesterday', '-5']) expect(archiveMtime({ SOURCE_DATE_EPOCH: v })).toBe(DEFAULT_MTIME);
    expect(new Date(DEFAULT_MTIME * 1000).toISOString()).toBe('1980-01-01T00:00:00.000Z');
  });

  it('refuses a directory with data and a name ustar cannot hold', () => {
    expect(() => tarArchive([{ name: 'a/', data: Buffer.from('x') }])).toThrow('a directory (name ending in /) has no data');
    expect(() => tarArchive([{ name: 'x'.repeat(101), data: Buffer.from('') }])).toThrow('archive entry name too long for ustar');
  });
});

describe('the release folder', () => {
  it('is written under a temporary name and renamed into place; a failed write leaves the previous one as it was', () => {
    const out = tmpOutdir('helloapi-release-out-');
    const first = writeReleaseFolder(out, '1.0.0', new Map([[archiveName('network', '1.0.0'), Buffer.from('one')]]));
    expect(fs.readdirSync(out)).toEqual(['1.0.0']);
    expect(() => writeReleaseFolder(out, '1.0.0', new Map([['no-such-folder/x', Buffer.from('two')]]))).toThrow(/ENOENT/);
    expect(fs.readdirSync(out)).toEqual(['1.0.0']);
    expect(fs.readFileSync(path.join(first, archiveName('network', '1.0.0')), 'utf8')).toBe('one');
    writeReleaseFolder(out, '1.0.0', new Map([['SHA256SUMS', Buffer.from('new')]]));
    expect(fs.readdirSync(out)).toEqual(['1.0.0']);
    expect(fs.readdirSync(first)).toEqual(['SHA256SUMS']);
  });

  it('SHA256SUMS is what sha256sum -c reads', () => {
    const dir = tmpOutdir('helloapi-release-sums-');
    const files = new Map([
      ['b.tar.gz', Buffer.from('b')],
      ['a.tar.gz', Buffer.from('a')],
    ]);
    for (const [f, d] of files) fs.writeFileSync(path.join(dir, f), d);
    const text = checksums(files);
    expect(text.split('\n')[0]).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  a.tar.gz');
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), text);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toBe('a.tar.gz: OK\nb.tar.gz: OK\n');
  });
});
