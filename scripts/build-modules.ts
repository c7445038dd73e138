/**
 * `npm run build:modules`: emits each layer as a standalone Terraform JSON module under
 * dist/terraform-modules/<layer>/ (main.tf.json + README.md). How a module is made:
 * modules/core/terraform-module.ts (`emitTerraformModule`); what each module takes and returns:
 * modules/<layer>/terraform-module.ts.
 */
import * as path from 'path';
import { emitTerraformModule, EmittedModule, TerraformModuleSpec } from '../modules/core/terraform-module';
import { accountBaselineModule } from '../modules/account-baseline/terraform-module';
import { computeModule } from '../modules/compute/terraform-module';
import { databaseModule } from '../modules/database/terraform-module';
import { edgeModule, edgeRegionalModule } from '../modules/edge/terraform-module';
import { monitoringModule } from '../modules/monitoring/terraform-module';
import { network2azModule, networkModule } from '../modules/network/terraform-module';
import { stateModule } from '../modules/state/terraform-module';

export { providerAliases } from '../modules/core/terraform-module';

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

/** Emits one module into `<outdir>/<name>/`. */
export function publishModule(spec: TerraformModuleSpec, outdir: string): EmittedModule {
  return emitTerraformModule(spec, outdir);
}

export function buildModules(outdir: string, specs: TerraformModuleSpec[] = MODULE_SPECS): string[] {
  return specs.map((s) => publishModule(s, outdir).dir);
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? path.join('dist', 'terraform-modules'));
  for (const dir of buildModules(outdir)) process.stdout.write(`wrote ${path.relative(process.cwd(), dir)}\n`);
}
