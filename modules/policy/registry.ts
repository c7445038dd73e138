/**
 * The rule registry is generated from the rule files, so that no rule can be left out of it: every file
 * `rules/<service>/<service>-<nn>-<slug>.ts` exports `rule` with the id `HAPI-<SERVICE>-<NN>`, and
 * `npm run build && node dist/scripts/audit.js --registry` writes
 * - `rules/index.ts`: imports every rule file, `RULES_BY_SERVICE` and `RULES` (what the packs compose),
 * - `rules/ids.ts`: the ids and service names alone, readable without loading a rule (modules/config checks
 *   `policy.suppressions` against them before any stack exists).
 * __tests__/policy/registry.test.ts fails while either file differs from what the folder says.
 */
import * as fs from 'fs';
import * as path from 'path';
import { byId, repeatedIds } from './dsl';

/** `s3-01-public-access-block.ts`: service, number, slug. */
const RULE_FILE = /^([a-z][a-z0-9]*)-(\d{2})-([a-z0-9-]+)\.ts$/;
/** The generated files in `rules/` (the only files there that are not service folders). */
export const GENERATED_FILES = ['index.ts', 'ids.ts'] as const;

/** One rule file of the registry. */
export interface RuleFile {
  /** The service folder, e.g. `s3`. */
  readonly service: string;
  /** `HAPI-S3-01`. */
  readonly id: string;
  /** The module path from `rules/`, without extension: `./s3/s3-01-public-access-block`. */
  readonly module: string;
  /** The identifier the registry imports it as: `s3_01`. */
  readonly binding: string;
}

/** The rule file a file name in a service folder stands for; a problem when it is not one. */
export function ruleFileOf(service: string, file: string): RuleFile | { problem: string } {
  const m = RULE_FILE.exec(file);
  const where = `modules/policy/rules/${service}/${file}`;
  if (!m) return { problem: `${where} is not named <service>-<nn>-<slug>.ts: every file of a service folder is one rule` };
  if (m[1] !== service) return { problem: `${where} names service ${m[1]} but lives in rules/${service}/` };
  return { service, id: `HAPI-${service.toUpperCase()}-${m[2]}`, module: `./${service}/${file.replace(/\.ts$/, '')}`, binding: `${service}_${m[2]}` };
}

/**
 * Every rule file under `dir` (the source `rules/` folder), sorted by id; throws with every problem
 * (a misnamed or misplaced file, a duplicate id, a stray file) at once.
 */
export function discoverRuleFiles(dir: string): RuleFile[] {
  const problems: string[] = [];
  const files: RuleFile[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) {
      if (!(GENERATED_FILES as readonly string[]).includes(entry.name)) problems.push(`modules/policy/rules/${entry.name} is not in a service folder (rules/<service>/)`);
      continue;
    }
    for (const file of fs.readdirSync(path.join(dir, entry.name)).sort()) {
      const found = ruleFileOf(entry.name, file);
      if ('problem' in found) problems.push(found.problem);
      else files.push(found);
    }
  }
  for (const id of repeatedIds(files)) problems.push(`${id} is the id of several files: ${files.filter((f) => f.id === id).map((f) => f.module).join(', ')}`);
  if (problems.length) throw new Error(`the rule files are not laid out as the registry expects:\n- ${problems.join('\n- ')}`);
  return files.sort(byId);
}

const HEADER = '// Generated from modules/policy/rules/<service>/*.ts by `npm run build && node dist/scripts/audit.js --registry`; do not edit.\n// __tests__/policy/registry.test.ts fails while it is stale.\n';

function services(files: readonly RuleFile[]): string[] {
  return [...new Set(files.map((f) => f.service))].sort();
}

/** The text of `rules/index.ts`. */
export function renderRegistry(files: readonly RuleFile[]): string {
  const out = [HEADER, "import type { Rule } from '../types';", "import type { RuleService } from './ids';"];
  for (const f of files) out.push(`import { rule as ${f.binding} } from '${f.module}';`);
  out.push('', '/** Every rule, by service (its folder under rules/), in id order. */', 'export const RULES_BY_SERVICE: Readonly<Record<RuleService, readonly Rule[]>> = {');
  for (const s of services(files)) out.push(`  ${s}: [${files.filter((f) => f.service === s).map((f) => f.binding).join(', ')}],`);
  out.push('};', '', '/** Every rule of the registry, in id order. Packs (modules/policy/packs) choose from these. */', 'export const RULES: readonly Rule[] = Object.values(RULES_BY_SERVICE).flat();', '');
  return out.join('\n');
}

/** The text of `rules/ids.ts`. */
export function renderRuleIds(files: readonly RuleFile[]): string {
  const out = [HEADER, '/** The service folders under rules/. */', 'export const RULE_SERVICES = ['];
  for (const s of services(files)) out.push(`  '${s}',`);
  out.push('] as const;', '', 'export type RuleService = (typeof RULE_SERVICES)[number];', '', '/** Every rule id of the registry, sorted. */', 'export const RULE_IDS: readonly string[] = [');
  for (const f of files) out.push(`  '${f.id}',`);
  out.push('];', '');
  return out.join('\n');
}

/** Writes `rules/index.ts` and `rules/ids.ts` for the rule files of `dir` (the source folder); returns the paths. */
export function writeRegistry(dir: string): string[] {
  const files = discoverRuleFiles(dir);
  const written = [path.join(dir, 'index.ts'), path.join(dir, 'ids.ts')];
  fs.writeFileSync(written[0], renderRegistry(files));
  fs.writeFileSync(written[1], renderRuleIds(files));
  return written;
}
