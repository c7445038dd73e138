/** Reading synthesized stacks (`<outdir>/stacks/<name>/cdk.tf.json`) for the review tools. */
import * as fs from 'fs';
import * as path from 'path';
import type { SynthJson } from './inventory';

/** Stack name -> synthesized JSON, sorted by name. */
export function readSynthesizedStacks(outdir: string): Map<string, SynthJson> {
  const stacksDir = path.join(outdir, 'stacks');
  const out = new Map<string, SynthJson>();
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    if (fs.existsSync(file)) out.set(name, JSON.parse(fs.readFileSync(file, 'utf8')) as SynthJson);
  }
  return out;
}

/** Stacks matching an environment or stack name (`dev` matches `helloapi-dev`). */
export function matchStacks(names: readonly string[], wanted: readonly string[]): string[] {
  if (wanted.length === 0) return [...names];
  const unknown = wanted.filter((w) => !names.some((n) => n === w || n.endsWith(`-${w}`)));
  if (unknown.length > 0) throw new Error(`unknown stack or environment: ${unknown.join(', ')}; known stacks: ${names.join(', ')}`);
  return names.filter((n) => wanted.some((w) => n === w || n.endsWith(`-${w}`)));
}
