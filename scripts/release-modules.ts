/**
 * `npm run release:modules [-- --snapshot] [-- --out DIR]`: builds the published Terraform modules
 * (scripts/build-modules.ts) and writes one versioned, self-contained archive per module, plus a checksum file:
 *
 *   release/modules/<version>/helloapi-<module>-<version>.tar.gz   (one per module)
 *   release/modules/<version>/SHA256SUMS                          (`sha256sum -c` format)
 *
 * An archive holds, at its root (where Terraform's HTTP/S3/GCS module sources and private registries expect the
 * module), everything the emitted module folder holds (main.tf.json, README.md, tests/, examples/, whatever the
 * emitter adds), the README with a section on pinning this version, and a CHANGELOG.md with that module's entries of
 * the root CHANGELOG.md (the release's section and every older one).
 *
 * One version for every module and the npm package: package.json's `version`, tagged `v<version>`. The modules are
 * emitted from the same constructs as the package, in one build, and are wired to each other by output names
 * (`database_port = module.network.database_port`): a consumer combining modules needs a set that was released
 * together, which one version says and a version per module would not.
 *
 * A release is refused (exit 1, every reason at once, nothing written) when: the version is not semver; the root
 * CHANGELOG.md has no `## <version>` section; the tag `v<version>` exists already (a released version never
 * changes); tracked files have uncommitted changes (the archives would match no commit); the tree is not a git
 * checkout. `--snapshot` packages the `## Unreleased` section as `<version>-snapshot` without the git checks, to
 * look at or test the archives before a release.
 *
 * Archives are reproducible: the same module files give byte-identical archives (entries sorted, mtime
 * SOURCE_DATE_EPOCH or 1980-01-01, owner 0:0, modes 0644/0755, gzip header without name or time). The tar writer is
 * below (ustar, POSIX.1-1988), so no system `tar` is needed and its options do not matter.
 * The folder is written under a temporary name next to the target and renamed into place at the end.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';

/** The folder, relative to the repository, that receives each release's folder (gitignored). */
export const RELEASE_DIR = path.join('release', 'modules');
/** The checksum file of a release folder. */
export const CHECKSUMS_FILE = 'SHA256SUMS';
/** The git tag of a release. */
export const releaseTag = (version: string): string => `v${version}`;
/** The archive of one module. */
export const archiveName = (module: string, version: string): string => `helloapi-${module}-${version}.tar.gz`;

/** 1980-01-01T00:00:00Z: the fixed mtime of archive entries unless SOURCE_DATE_EPOCH says otherwise. */
export const DEFAULT_MTIME = 315532800;
/** The archive entries' mtime: SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) when it is a number of seconds, else {@link DEFAULT_MTIME}. */
export function archiveMtime(env: NodeJS.ProcessEnv = process.env): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? Number(epoch) : DEFAULT_MTIME;
}
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic tar.gz

export interface ArchiveEntry {
  /** Path inside the archive, `/`-separated; a directory ends with `/`. */
  readonly name: string;
  /** File contents; absent for a directory. */
  readonly data?: Buffer;
}

/** One ustar header block. */
function tarHeader(name: string, size: number, dir: boolean, mtime: number): Buffer {
  const h = Buffer.alloc(512);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar splits a long path at a `/` into prefix (<= 155 bytes) and name (<= 100 bytes).
    const cut = name.lastIndexOf('/', name.length - (dir ? 2 : 1));
    prefix = cut > 0 ? name.slice(0, cut) : '';
    base = cut > 0 ? name.slice(cut + 1) : name;
    if (!prefix || Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`archive entry name too long for ustar: ${name}`);
  }
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  h.write(base, 0, 100, 'utf8');
  h.write(octal(dir ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.fill(' ', 148, 156);
  h.write(dir ? '5' : '0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

/** A tar stream of the entries, sorted by name, each file padded to 512 bytes, ended by two zero blocks. */
export function tarArchive(entries: readonly ArchiveEntry[], mtime = DEFAULT_MTIME): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts: Buffer[] = [];
  for (const e of sorted) {
    const dir = e.name.endsWith('/');
    if (dir === (e.data !== undefined)) throw new Error(`archive entry ${e.name}: a directory (name ending in /) has no data, a file has`);
    const size = e.data?.length ?? 0;
    parts.push(tarHeader(e.name, size, dir, mtime));
    if (e.data) parts.push(e.data, Buffer.alloc((512 - (size % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  const body = Buffer.concat(parts);
  // Pad to a whole 10240-byte record, as tar implementations write and some readers expect.
  return Buffer.concat([body, Buffer.alloc((10240 - (body.length % 10240)) % 10240)]);
}

/** gzip of the tar stream with a fixed header: no file name, mtime 0, OS byte "Unix" whatever the platform. */
export function gzipDeterministic(data: Buffer): Buffer {
  const gz = gzipSync(data, { level: 9 });
  gz[9] = 3;
  return gz;
}

/** Every directory and file under `dir`, as archive entries (names relative to `dir`); refuses symbolic links. */
export function folderEntries(dir: string): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push({ name: `${name}/` });
        walk(name);
      } else if (e.isFile()) {
        out.push({ name, data: fs.readFileSync(path.join(dir, name)) });
      } else {
        throw new Error(`${path.join(dir, name)}: only files and folders can be released (not a symbolic link or device)`);
      }
    }
  };
  walk('');
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// CHANGELOG.md

/** A `## ` section of the changelog: its heading line and body lines. */
export interface ChangelogSection {
  readonly heading: string;
  /** The version the heading names (`0.1.0`), or `Unreleased`. */
  readonly version: string;
  readonly lines: readonly string[];
}

/** The `## <version>` sections (newest first, as written); `## [0.2.0] - 2026-12-01` and `## 0.2.0` both name 0.2.0. */
export function changelogSections(text: string): ChangelogSection[] {
  const sections: { heading: string; version: string; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const h = /^## +\[?([^\]\s]+)\]?/.exec(line);
    if (h) sections.push({ heading: line.trimEnd(), version: h[1], lines: [] });
    else sections[sections.length - 1]?.lines.push(line);
  }
  return sections;
}

/**
 * The modules an entry is about: the module names in backticks it starts with (`- \`edge\`, \`edge-regional\`: ...`,
 * a table row's first cell), or every module when it starts with "All modules". Empty when it names none.
 */
export function entryModules(entry: string, modules: readonly string[]): string[] {
  const text = entry.replace(/^\s*(?:[-*]\s+|\|\s*)/, '');
  if (/^all (published )?modules\b/i.test(text)) return [...modules];
  const lead = /^((?:`[a-z0-9-]+`(?:\s*,\s*|\s+and\s+|\s*)?)+)/.exec(text);
  if (!lead) return [];
  const named = [...lead[1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]);
  return named.filter((n) => modules.includes(n));
}

/** A `### ` subsection about Terraform modules: unqualified (`### Added`) or qualified `(Terraform modules)`. */
const isModuleSubsection = (heading: string) => !/\(/.test(heading) || /\(terraform modules?\)/i.test(heading);

/** The blocks of a subsection: table (rows), bullets (with continuation lines), paragraphs. */
function subsectionBlocks(lines: readonly string[]): { kind: 'table' | 'entry'; lines: string[] }[] {
  const blocks: { kind: 'table' | 'entry'; lines: string[] }[] = [];
  let current: { kind: 'table' | 'entry'; lines: string[] } | undefined;
  for (const line of lines) {
    if (line.trim() === '') current = undefined;
    else if (line.startsWith('|')) {
      if (current?.kind !== 'table') blocks.push((current = { kind: 'table', lines: [] }));
      current.lines.push(line);
    } else if (/^[-*] /.test(line) || !current || current.kind === 'table') blocks.push((current = { kind: 'entry', lines: [line] }));
    else current.lines.push(line);
  }
  return blocks;
}

/** One version section cut down to the entries about `module`; undefined when it has none. */
function moduleSubsections(section: ChangelogSection, module: string, modules: readonly string[]): string[] | undefined {
  const out: string[] = [];
  const subsections: { heading: string; lines: string[] }[] = [];
  for (const line of section.lines) {
    if (line.startsWith('### ')) subsections.push({ heading: line.trimEnd(), lines: [] });
    else subsections[subsections.length - 1]?.lines.push(line);
  }
  for (const sub of subsections.filter((s) => isModuleSubsection(s.heading))) {
    const kept: string[] = [];
    for (const b of subsectionBlocks(sub.lines)) {
      if (b.kind === 'table') {
        const rows = b.lines.slice(2).filter((r) => entryModules(r, modules).includes(module));
        if (rows.length > 0) kept.push(...b.lines.slice(0, 2), ...rows, '');
      } else if (entryModules(b.lines[0], modules).includes(module)) {
        const bullet = /^[-*] /.test(b.lines[0]);
        // A paragraph stands apart (blank line before and after); bullets follow each other.
        if (!bullet && kept.length > 0 && kept[kept.length - 1] !== '') kept.push('');
        kept.push(...b.lines, ...(bullet ? [] : ['']));
      }
    }
    if (kept.length > 0) out.push(sub.heading, '', ...kept, ...(kept[kept.length - 1] === '' ? [] : ['']));
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The CHANGELOG.md of one module's archive: the root changelog's section `version` (`Unreleased` for a snapshot) and
 * every older one, each with only the entries about this module (see {@link entryModules}) of its subsections about
 * Terraform modules. Throws when the changelog has no section `version`.
 */
export function moduleChangelog(changelog: string, module: string, modules: readonly string[], version: string, title = version): string {
  const sections = changelogSections(changelog);
  const from = sections.findIndex((s) => s.version === version);
  if (from < 0) throw new Error(`CHANGELOG.md has no "## ${version}" section`);
  const lines = [`# Changelog: helloapi ${module} module`, '', `The entries of the helloapi-infra changelog about the \`${module}\` module, newest first.`, ''];
  for (const s of sections.slice(from).filter((x) => x.version !== 'Unreleased' || x.version === version)) {
    lines.push(s.version === version && title !== version ? `## ${title}` : s.heading, '');
    lines.push(...(moduleSubsections(s, module, modules) ?? ['No changes to this module.', '']));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// The release

/** The section appended to each archived README: how to pin this version. */
export function pinningSection(module: string, version: string): string {
  const id = module.replace(/-/g, '_');
  return [
    '',
    `## Using version ${version}`,
    '',
    `This is helloapi \`${module}\` ${version} (what changed: CHANGELOG.md). Pin it by the archive's URL wherever it is`,
    `published (HTTPS server, S3 or GCS bucket), with the checksum of its line in the release's ${CHECKSUMS_FILE}, so that`,
    '`terraform init` refuses any other bytes; Git tags and private registries: the helloapi-infra README, "Versions:',
    'releases and pinning".',
    '',
    '```hcl',
    `module "${id}" {`,
    `  source = "https://artifacts.example.com/helloapi/${version}/${archiveName(module, version)}?checksum=sha256:<${CHECKSUMS_FILE} entry>"`,
    '  # inputs: see Inputs above',
    '}',
    '```',
    '',
  ].join('\n');
}

/** The archive entries of one emitted module folder: its files, the README with the pinning section, the CHANGELOG. */
export function moduleArchiveEntries(moduleDir: string, module: string, version: string, changelog: string): ArchiveEntry[] {
  const entries = folderEntries(moduleDir);
  if (entries.some((e) => e.name === 'CHANGELOG.md')) throw new Error(`${moduleDir} has a CHANGELOG.md of its own: the release writes that file`);
  const readme = entries.find((e) => e.name === 'README.md');
  if (!readme?.data) throw new Error(`${moduleDir} has no README.md`);
  return [
    ...entries.filter((e) => e !== readme),
    { name: 'README.md', data: Buffer.from(readme.data.toString('utf8').replace(/\n*$/, '\n') + pinningSection(module, version)) },
    { name: 'CHANGELOG.md', data: Buffer.from(changelog) },
  ];
}

/** `<sha256>  <file>` lines, sorted by file name, as `sha256sum -c` reads them. */
export function checksums(files: ReadonlyMap<string, Buffer>): string {
  return [...files.keys()]
    .sort()
    .map((f) => `${createHash('sha256').update(files.get(f)!).digest('hex')}  ${f}\n`)
    .join('');
}

export interface ReleaseOptions {
  /** The repository: package.json, CHANGELOG.md, git. */
  readonly root: string;
  /** Where the release's folder goes (default `<root>/release/modules`). */
  readonly outdir?: string;
  /** Package the Unreleased section as `<version>-snapshot`, without the git checks. */
  readonly snapshot?: boolean;
  /** Overrides package.json's version. */
  readonly version?: string;
  /** Modules built in this folder instead of a temporary one (kept). */
  readonly buildDir?: string;
  /** The archive entries' mtime (default SOURCE_DATE_EPOCH, else {@link DEFAULT_MTIME}). */
  readonly mtime?: number;
}

export interface Release {
  readonly version: string;
  /** The release folder. */
  readonly dir: string;
  /** Archive file names by module. */
  readonly archives: ReadonlyMap<string, string>;
}

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Why `version` cannot be released from `root` (every reason; empty when it can). */
export function releaseProblems(root: string, version: string, changelog: string, snapshot: boolean): string[] {
  const problems: string[] = [];
  if (!SEMVER.test(version)) problems.push(`version "${version}" (package.json) is not a semantic version (MAJOR.MINOR.PATCH)`);
  const section = snapshot ? 'Unreleased' : version;
  if (!changelogSections(changelog).some((s) => s.version === section)) {
    problems.push(`CHANGELOG.md has no "## ${section}" section${snapshot ? '' : `: rename "## Unreleased" to "## ${version} - <date>" (or add it) before releasing`}`);
  }
  if (snapshot) return problems;
  try {
    git(root, ['rev-parse', '--is-inside-work-tree']);
  } catch {
    return [...problems, `${root} is not a git checkout: a release is cut from a commit (tag ${releaseTag(version)}); --snapshot packages without git`];
  }
  const tagged = git(root, ['tag', '--list', releaseTag(version)]);
  if (tagged) problems.push(`tag ${releaseTag(version)} exists already (${git(root, ['rev-list', '-n', '1', tagged])}): a released version never changes; bump "version" in package.json`);
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']);
  if (dirty) problems.push(`uncommitted changes to tracked files (the archives would match no commit):\n${dirty.split('\n').map((l) => `    ${l}`).join('\n')}`);
  return problems;
}

/** Writes `files` into `<outdir>/<version>/`: a temporary folder renamed into place, replacing an older one. */
export function writeReleaseFolder(outdir: string, version: string, files: ReadonlyMap<string, Buffer>): string {
  fs.mkdirSync(outdir, { recursive: true });
  const target = path.join(outdir, version);
  const tmp = fs.mkdtempSync(path.join(outdir, `.${version}.tmp-`));
  try {
    for (const [name, data] of files) fs.writeFileSync(path.join(tmp, name), data);
    let old: string | undefined;
    if (fs.existsSync(target)) fs.renameSync(target, (old = `${tmp}.old`));
    fs.renameSync(tmp, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return target;
}

/** Builds the modules and writes the release folder; throws with every problem when the release is refused. */
export function releaseModules(options: ReleaseOptions): Release {
  const { root, snapshot = false } = options;
  for (const f of ['package.json', 'CHANGELOG.md']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${root} has no ${f}: run it from the repository's root (npm run release:modules does)`);
  }
  const pkgVersion = options.version ?? (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
  const problems = releaseProblems(root, pkgVersion, changelog, snapshot);
  if (problems.length > 0) throw new Error(`cannot release the modules as ${pkgVersion}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const version = snapshot ? `${pkgVersion}-snapshot` : pkgVersion;
  const mtime = options.mtime ?? archiveMtime();
  const buildDir = options.buildDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-release-'));
  try {
    // Loaded here, not at the top: a refused release answers without loading every layer, cdktf and the provider.
    const { buildModules } = require('./build-modules') as typeof import('./build-modules');
    const dirs = buildModules(buildDir);
    const modules = dirs.map((d) => path.basename(d));
    const files = new Map<string, Buffer>();
    const archives = new Map<string, string>();
    for (const [i, dir] of dirs.entries()) {
      const text = moduleChangelog(changelog, modules[i], modules, snapshot ? 'Unreleased' : version, snapshot ? `${version} (snapshot of Unreleased)` : version);
      const name = archiveName(modules[i], version);
      files.set(name, gzipDeterministic(tarArchive(moduleArchiveEntries(dir, modules[i], version, text), mtime)));
      archives.set(modules[i], name);
    }
    files.set(CHECKSUMS_FILE, Buffer.from(checksums(files)));
    return { version, dir: writeReleaseFolder(options.outdir ?? path.join(root, RELEASE_DIR), version, files), archives };
  } finally {
    if (!options.buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a, i) => a !== '--snapshot' && a !== '--out' && args[i - 1] !== '--out');
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
  try {
    if (unknown.length > 0 || (args.includes('--out') && !out)) throw new Error(`unknown arguments ${JSON.stringify(unknown)}; usage: release-modules [--snapshot] [--out DIR]`);
    const root = process.cwd();
    const release = releaseModules({ root, snapshot: args.includes('--snapshot'), outdir: out ? path.resolve(out) : undefined });
    for (const name of [...release.archives.values(), CHECKSUMS_FILE]) process.stdout.write(`wrote ${path.relative(root, path.join(release.dir, name))}\n`);
  } catch (e) {
    process.stderr.write(`release:modules: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
