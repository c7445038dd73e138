/**
 * Which source file creates each resource: the audit's SARIF and JUnit output point a finding at the code that
 * creates the resource, not at a guess from its name.
 *
 * While the app is built, `recordConstructSources` hooks constructs' `Node.addChild` (through the cdktf adapter, modules/core/cdktf-adapter.ts item 5) (called once by every
 * construct's constructor) and reads the call stack: the first frame in this repository outside node_modules (and
 * outside the construct's own constructors, for construct classes of this repository) is the file whose code ran
 * `new Resource(...)`: `modules/network/subnets.ts` for `aws_subnet.network_private_app_a`
 * (created by `buildSubnets`, called from the Network construct), `modules/core/bucket.ts` for a SecureBucket's
 * bucket. Compiled runs (`dist/**\/*.js`) are mapped back to the `.ts` source. The hook is removed when the build
 * returns (also when it throws), so nothing else pays for it.
 *
 * The line is found in that file afterwards: the `new <Class>(` expression whose next lines name the construct id
 * (`'primary'`), else the only `new <Class>(` in the file, else the first one. The file is known; the line is the
 * best match in it (the compiled code has no source map to read the exact line from).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformBackend, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { callSites, withConstructHook } from '../core/cdktf-adapter';

/** A place in a repository file (paths relative to the repository root, `/`-separated). */
export interface SourceLocation {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
}

/** Where a resource is created, and through which constructs. */
export interface ResourceSource extends SourceLocation {
  /**
   * The creation sites of the constructs that enclose the resource, nearest first, up to the stack: where the
   * SecureBucket holding a bucket was created (the layer file), then where that layer was. Only sites in a file
   * other than the one before, at most three.
   * @default none
   */
  readonly via?: readonly (SourceLocation & { readonly construct: string })[];
}

/** Per stack name: the creating source of each resource address. */
export type ResourceSources = ReadonlyMap<string, ReadonlyMap<string, ResourceSource>>;

/** The repository root: the nearest folder above this file with a package.json (dist/ has none). */
export function repositoryRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** `dist/modules/x.js` -> `modules/x.ts`; a `.ts` path (jest) stays; undefined outside the repository or in node_modules. */
export function sourcePathOf(file: string, root: string): string | undefined {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split('/').includes('node_modules')) return undefined;
  return rel.startsWith('dist/') ? rel.slice('dist/'.length).replace(/\.js$/, '.ts') : rel;
}

/** The class names of a construct's prototype chain (`Edge`, `Construct`): its own constructor frames are skipped. */
function classNames(c: object): Set<string> {
  const out = new Set<string>();
  for (let p = Object.getPrototypeOf(c); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) out.add((p.constructor as { name: string }).name);
  return out;
}

/**
 * The first stack frame in the repository (outside node_modules and this file), as a source path, skipping the
 * constructors of the construct's own classes: a construct class of this repository (Edge) is created where
 * `new Edge(...)` runs, not in its own constructor.
 */
/** The adapter's own frames (the hook) are not where a construct is created. */
const ADAPTER_FILE = require.resolve('../core/cdktf-adapter');

function creatingFile(root: string, own: ReadonlySet<string>): string | undefined {
  const sites = callSites(50);
  for (const site of sites) {
    const name = site.getFileName();
    if (!name || name === __filename || name === ADAPTER_FILE || (site.isConstructor() && own.has(site.getFunctionName() ?? ''))) continue;
    const rel = sourcePathOf(name, root);
    if (rel) return rel;
  }
  return undefined;
}

/** Runs `build` with the hook installed; returns its value and the creating file of every construct it made. */
export function recordConstructSources<T>(build: () => T, root: string = repositoryRoot()): { value: T; fileOf: (c: IConstruct) => string | undefined } {
  const files = new WeakMap<IConstruct, string>();
  const value = withConstructHook((child) => {
    const file = creatingFile(root, classNames(child));
    if (file) files.set(child, file);
  }, build);
  return { value, fileOf: (c) => files.get(c) };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line of `new <className>(` creating construct `id` in `text` (see the module comment); 1 when there is none. */
export function creationLine(text: string, className: string, id: string): number {
  const lines = text.split('\n');
  const creates = new RegExp(`\\bnew ${escapeRegExp(className)}\\(`);
  const candidates = lines.map((l, i) => (creates.test(l) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return 1;
  const idLiteral = new RegExp(`(['"\`])${escapeRegExp(id)}\\1`);
  // The call's first lines, up to the next candidate.
  const named = candidates.filter((i, k) => idLiteral.test(lines.slice(i, Math.min(i + 4, candidates[k + 1] ?? Infinity)).join('\n')));
  return (named.length === 1 ? named[0] : candidates[0]) + 1;
}

/**
 * The address a policy result uses for a construct: `aws_subnet.network_private_app_a` for a resource,
 * `terraform.backend.s3` for the backend (the cross-stack rules check it); undefined for anything else.
 */
function addressOf(c: IConstruct): string | undefined {
  if (TerraformResource.isTerraformResource(c)) return `${c.terraformResourceType}.${c.friendlyUniqueId}`;
  if (TerraformBackend.isBackend(c)) return `terraform.backend.${(c as unknown as { name: string }).name}`;
  return undefined;
}

/** Every resource (and backend) of every stack of `app`, with its creating file and line. */
export function resourceSources(app: IConstruct, fileOf: (c: IConstruct) => string | undefined, repoRoot: string = repositoryRoot()): ResourceSources {
  const texts = new Map<string, string>();
  const read = (file: string) => {
    if (!texts.has(file)) texts.set(file, fs.existsSync(path.join(repoRoot, file)) ? fs.readFileSync(path.join(repoRoot, file), 'utf8') : '');
    return texts.get(file)!;
  };
  const site = (c: IConstruct, file: string): SourceLocation => ({ file, line: creationLine(read(file), c.constructor.name, c.node.id) });
  const out = new Map<string, Map<string, ResourceSource>>();
  for (const stack of app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
    const map = new Map<string, ResourceSource>();
    for (const c of stack.node.findAll()) {
      const address = addressOf(c);
      const file = address ? fileOf(c) : undefined;
      if (!address || !file) continue;
      const via: (SourceLocation & { construct: string })[] = [];
      let last = file;
      for (const scope of c.node.scopes.slice(c.node.scopes.indexOf(stack) + 1, -1).reverse()) {
        const f = fileOf(scope);
        if (!f || f === last || via.length === 3) continue;
        via.push({ ...site(scope, f), construct: scope.node.path.slice(stack.node.path.length + 1) });
        last = f;
      }
      map.set(address, { ...site(c, file), ...(via.length ? { via } : {}) });
    }
    out.set(stack.node.id, map);
  }
  return out;
}
