/**
 * `npm run build:modules`: emits each layer as a standalone Terraform JSON
 * module under dist/terraform-modules/<layer>/ (main.tf.json + README.md).
 *
 * After `emitTerraformModule` (which strips provider, backend and metadata and pins
 * required_providers), two module-wide rewrites run on the JSON:
 * - tags: a layer merges its tags at synth time, so the published modules hand it a
 *   marker tag (`MODULE_TAGS`); every `tags` map holding the marker becomes
 *   `merge(var.tags, { <the layer's own tags> })`.
 * - provider aliases: resources that use `aws.<alias>` (the edge module's us-east-1
 *   CloudFront pieces) make the module declare `configuration_aliases`, so the caller
 *   passes that provider with `providers = { aws.us_east_1 = aws.us_east_1 }`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { emitTerraformModule, EmittedModule, TerraformModuleSpec } from '../modules/core/terraform-module';
import { accountBaselineModule } from '../modules/account-baseline/terraform-module';
import { computeModule } from '../modules/compute/terraform-module';
import { databaseModule } from '../modules/database/terraform-module';
import { edgeModule, edgeRegionalModule } from '../modules/edge/terraform-module';
import { monitoringModule } from '../modules/monitoring/terraform-module';
import { MODULE_TAGS_MARKER, network2azModule, networkModule } from '../modules/network/terraform-module';
import { stateModule } from '../modules/state/terraform-module';

/** Every module we publish, in dependency order. */
export const MODULE_SPECS: TerraformModuleSpec[] = [
  stateModule,
  accountBaselineModule,
  networkModule,
  network2azModule,
  databaseModule,
  edgeModule,
  edgeRegionalModule,
  computeModule,
  monitoringModule,
];

type Json = Record<string, any>;

/** An HCL expression for a JSON-syntax string value (which may hold `${...}` templates). */
function hclString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Rewrites every `tags` map that holds the module marker into `merge(var.tags, {...})`.
 * Returns the number of maps rewritten.
 */
export function mergeModuleTags(json: Json): number {
  let count = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Json;
    for (const [key, value] of Object.entries(obj)) {
      if ((key === 'tags' || key === 'tags_all') && value && typeof value === 'object' && !Array.isArray(value) && MODULE_TAGS_MARKER in value) {
        const own = Object.entries(value as Record<string, string>).filter(([k]) => k !== MODULE_TAGS_MARKER);
        obj[key] = own.length === 0 ? '${var.tags}' : `\${merge(var.tags, { ${own.map(([k, v]) => `${hclString(k)} = ${hclString(v)}`).join(', ')} })}`;
        count++;
      } else visit(value);
    }
  };
  visit(json.resource ?? {});
  return count;
}

/** Provider aliases (`aws.us_east_1`) that resources of the module use. */
export function providerAliases(json: Json): string[] {
  const aliases = new Set<string>();
  for (const blocks of [json.resource ?? {}, json.data ?? {}] as Json[]) {
    for (const byName of Object.values(blocks) as Json[]) {
      for (const body of Object.values(byName) as Json[]) {
        if (typeof body.provider === 'string' && /^aws\.[a-z0-9_]+$/.test(body.provider)) aliases.add(body.provider);
      }
    }
  }
  return [...aliases].sort();
}

/** Emits one module and applies the module-wide rewrites. */
export function publishModule(spec: TerraformModuleSpec, outdir: string): EmittedModule {
  let declared: string[] = [];
  const emitted = emitTerraformModule(
    {
      ...spec,
      build: (scope, vars) => {
        const outputs = spec.build(scope, vars);
        declared = outputs.map((o) => o.name);
        return outputs;
      },
    },
    outdir,
  );
  const json = emitted.json as Json;
  // Outputs a layer declares for our own stacks (e.g. `compute_migrate_command`) are not part of the
  // module's interface: the spec re-declares what a module caller needs under module-style names.
  for (const name of Object.keys(json.output ?? {})) if (!declared.includes(name)) delete json.output[name];
  mergeModuleTags(json);
  const aliases = providerAliases(json);
  if (aliases.length > 0) json.terraform.required_providers.aws.configuration_aliases = aliases;
  const leftover = JSON.stringify(json).includes(MODULE_TAGS_MARKER);
  if (leftover) throw new Error(`module ${spec.name}: the tags marker ${MODULE_TAGS_MARKER} is used outside a tags map`);
  fs.writeFileSync(path.join(emitted.dir, 'main.tf.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (aliases.length > 0) {
    const readme = path.join(emitted.dir, 'README.md');
    const note = [
      '## Providers',
      '',
      '| Name | Alias | Why |',
      '|------|-------|-----|',
      '| aws | (default) | every regional resource |',
      ...aliases.map((a) => `| aws | ${a.replace(/^aws\./, '')} | must be configured for us-east-1: CloudFront certificates, the CLOUDFRONT web ACL and its logs live there |`),
      '',
      'Pass both: `providers = { aws = aws, ' + aliases.map((a) => `${a} = ${a}`).join(', ') + ' }`.',
      '',
      '## Inputs',
    ].join('\n');
    fs.writeFileSync(readme, fs.readFileSync(readme, 'utf8').replace('## Inputs', note));
  }
  return emitted;
}

export function buildModules(outdir: string, specs: TerraformModuleSpec[] = MODULE_SPECS): string[] {
  return specs.map((s) => publishModule(s, outdir).dir);
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? path.join('dist', 'terraform-modules'));
  for (const dir of buildModules(outdir)) process.stdout.write(`wrote ${path.relative(process.cwd(), dir)}\n`);
}
