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

/**
 * Stacks matching each wanted name: the exact stack name (`helloapi-account-prod`),
 * or the name without the app prefix (`prod` -> `helloapi-prod`, `account-prod`
 * -> `helloapi-account-prod`). `prod` does not match `helloapi-account-prod`.
 */
export function matchStacks(names: readonly string[], wanted: readonly string[]): string[] {
  if (wanted.length === 0) return [...names];
  const matches = (n: string, w: string) => n === w || n.replace(/^[^-]+-/, '') === w;
  const unknown = wanted.filter((w) => !names.some((n) => matches(n, w)));
  if (unknown.length > 0) throw new Error(`unknown stack or environment: ${unknown.join(', ')}; known stacks: ${names.join(', ')}`);
  return names.filter((n) => wanted.some((w) => matches(n, w)));
}
