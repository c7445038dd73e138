/**
 * `npm run diagram -- [<env> ...] [--out docs/architecture]`: synthesizes
 * every stack and writes one Markdown page with a Mermaid diagram per
 * environment stack (`docs/architecture/<env>.md`), from the synthesized
 * JSON. Stacks without a VPC (state, account baselines) are skipped.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import type { EnvironmentConfig } from '../modules/config/types';
import { architectureMarkdown } from '../modules/review/diagram';
import type { SynthJson } from '../modules/review/inventory';
import { matchStacks, readSynthesizedStacks } from '../modules/review/stacks';
import { synthesizeAll } from '../modules/stacks/app';

/**
 * The page of every environment stack among `stacks` (or of the `wanted` ones),
 * by environment name: what `npm run diagram` writes to `docs/architecture/<env>.md`.
 */
export function architecturePages(configs: readonly EnvironmentConfig[], stacks: ReadonlyMap<string, SynthJson>, wanted: readonly string[] = []): Map<string, string> {
  const envStacks = new Map(configs.map((c) => [c.stackName, c.name]));
  const pages = new Map<string, string>();
  for (const name of matchStacks([...stacks.keys()], wanted)) {
    const env = envStacks.get(name);
    if (env) pages.set(env, architectureMarkdown(`${env} (\`${name}\`)`, stacks.get(name)!));
  }
  return pages;
}

function main(argv: string[]): number {
  let out = path.join('docs', 'architecture');
  const wanted: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i] ?? out;
    else wanted.push(argv[i]);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-diagram-'));
  try {
    const configs = loadEnvironments();
    synthesizeAll(configs, { outdir });
    fs.mkdirSync(out, { recursive: true });
    for (const [env, page] of architecturePages(configs, readSynthesizedStacks(outdir), wanted)) {
      const file = path.join(out, `${env}.md`);
      fs.writeFileSync(file, page);
      process.stdout.write(`wrote ${file}\n`);
    }
    return 0;
  } catch (e) {
    process.stderr.write(`diagram failed: ${(e as Error).message}\n`);
    return 1;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
