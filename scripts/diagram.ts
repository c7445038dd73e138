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
import { architectureMarkdown } from '../modules/review/diagram';
import { matchStacks, readSynthesizedStacks } from '../modules/review/stacks';
import { synthesizeAll } from '../modules/stacks/app';

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
    const stacks = readSynthesizedStacks(outdir);
    const envStacks = new Map(configs.map((c) => [c.stackName, c.name]));
    fs.mkdirSync(out, { recursive: true });
    for (const name of matchStacks([...stacks.keys()], wanted)) {
      const env = envStacks.get(name);
      if (!env) continue;
      const file = path.join(out, `${env}.md`);
      fs.writeFileSync(file, architectureMarkdown(`${env} (\`${name}\`)`, stacks.get(name)!));
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
