/**
 * `npm run build:modules`: emits each layer as a standalone Terraform JSON
 * module under dist/terraform-modules/<layer>/ (main.tf.json + README.md).
 */
import * as path from 'path';
import { emitTerraformModule, TerraformModuleSpec } from '../modules/core/terraform-module';
import { stateModule } from '../modules/state/terraform-module';

/** Every module we publish, in dependency order. */
export const MODULE_SPECS: TerraformModuleSpec[] = [stateModule];

export function buildModules(outdir: string, specs: TerraformModuleSpec[] = MODULE_SPECS): string[] {
  return specs.map((s) => emitTerraformModule(s, outdir).dir);
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? path.join('dist', 'terraform-modules'));
  for (const dir of buildModules(outdir)) process.stdout.write(`wrote ${path.relative(process.cwd(), dir)}\n`);
}
