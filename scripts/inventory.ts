/**
 * `npm run inventory:update`: synthesizes every stack and rewrites
 * `inventory/<stack>.json` (the committed address inventories).
 * `npm run inventory:update -- --check`: only compares (the address guard)
 * and exits 1 when a stateful address disappeared without a moved block.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { buildInventory, checkInventory, describeGuard, readInventory, SynthJson, writeInventory } from '../modules/review/inventory';
import { readSynthesizedStacks } from '../modules/review/stacks';
import { synthesizeAll } from '../modules/stacks/app';

export const INVENTORY_DIR = 'inventory';

/**
 * Regenerates (or with `check`, only verifies) the inventories in `dir`; returns the exit code.
 * Synthesizes every stack unless `synthesized` is given.
 */
export function runInventory(
  dir: string,
  check: boolean,
  write: (s: string) => void = (s) => process.stdout.write(s),
  synthesized?: ReadonlyMap<string, SynthJson>,
): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-inventory-'));
  try {
    if (!synthesized) synthesizeAll(loadEnvironments(), { outdir });
    const stacks = synthesized ?? readSynthesizedStacks(outdir);
    let failed = 0;
    for (const [name, json] of stacks) {
      const previous = readInventory(dir, name);
      if (previous) {
        const result = checkInventory(previous, json);
        write(`${describeGuard(result)}\n`);
        if (!result.ok) failed++;
      } else {
        write(`${check ? 'FAIL' : 'new '} ${name}: no inventory yet (run npm run inventory:update)\n`);
        if (check) failed++;
      }
      if (!check) writeInventory(dir, buildInventory(name, json));
    }
    if (!check) write(`wrote ${stacks.size} inventories to ${path.relative(process.cwd(), dir) || '.'}\n`);
    return check && failed > 0 ? 1 : 0;
  } catch (e) {
    process.stderr.write(`inventory failed: ${(e as Error).message}\n`);
    return 1;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function main(argv: string[]): number {
  return runInventory(path.resolve(argv.find((a) => !a.startsWith('--')) ?? INVENTORY_DIR), argv.includes('--check'));
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
