/**
 * The CDKTF app (`cdktf.json` runs the compiled `node dist/main.js`).
 * Validates every environment file first; on any problem it prints them all
 * and exits 1 without touching the output folder.
 */
import { enableFastSynth } from './modules/core/synth-speed';
import { loadEnvironments } from './modules/config/load';
import { ConfigError } from './modules/config/validate';
import { synthesizeAll } from './modules/stacks/app';

function main(): void {
  enableFastSynth();
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  try {
    const configs = loadEnvironments();
    const built = synthesizeAll(configs, { outdir });
    const names = [...built.stateStacks, ...built.accountBaselines, ...built.environments].map((s) => s.node.id);
    process.stderr.write(`synthesized ${names.length} stacks into ${outdir}: ${names.join(', ')}\n`);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`synth failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

main();
