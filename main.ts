/**
 * The CDKTF app (`cdktf.json` runs scripts/cdktf-app.js: `tsc -b`, then this file compiled, dist/main.js).
 * Validates every environment file first; on any problem it prints them all
 * and exits 1 without touching the output folder.
 */
import { enableFastSynth } from './modules/core/synth-speed';
import { loadEnvironments } from './modules/config/load';
import { ConfigError } from './modules/config/validate';
import { synthesizeAll } from './modules/stacks/app';
import { synthesizeAllParallel, synthProcesses } from './modules/stacks/parallel';

async function main(): Promise<void> {
  enableFastSynth();
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  try {
    const configs = loadEnvironments();
    // Many environments: split across processes (HELLOAPI_SYNTH_WORKERS overrides; 1 = serial). Same output either way.
    const processes = synthProcesses(configs.length);
    let names: string[];
    if (processes > 1) {
      names = await synthesizeAllParallel(configs, { outdir, processes });
    } else {
      const built = synthesizeAll(configs, { outdir });
      names = [...built.stateStacks, ...built.accountBaselines, ...built.environments].map((s) => s.node.id);
    }
    process.stderr.write(`synthesized ${names.length} stacks into ${outdir}${processes > 1 ? ` (${processes} processes)` : ''}: ${names.join(', ')}\n`);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`synth failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

void main();
