/**
 * `npm run build:modules`: emits each layer as a standalone Terraform JSON module under
 * dist/terraform-modules/<layer>/ (main.tf.json + README.md), with its native Terraform tests (tests/) and
 * examples (examples/minimal, examples/complete): modules/core/module-tests.ts. How a module is made:
 * modules/core/terraform-module.ts (`emitTerraformModule`); what each module takes and returns:
 * modules/<layer>/terraform-module.ts.
 */
import * as path from 'path';
import { ModuleTestCounts, writeModuleTestsAndExamples } from '../modules/core/module-tests';
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

/** Emits one module into `<outdir>/<name>/`: main.tf.json, README.md, tests/ and examples/. */
export function publishModule(spec: TerraformModuleSpec, outdir: string): EmittedModule & { readonly counts: ModuleTestCounts } {
  const emitted = emitTerraformModule(spec, outdir);
  return { ...emitted, counts: writeModuleTestsAndExamples(spec, emitted.dir, emitted.json) };
}

export function buildModules(outdir: string, specs: TerraformModuleSpec[] = MODULE_SPECS): string[] {
  return specs.map((s) => publishModule(s, outdir).dir);
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? path.join('dist', 'terraform-modules'));
  for (const spec of MODULE_SPECS) {
    const { dir, counts: c } = publishModule(spec, outdir);
    process.stdout.write(`wrote ${path.relative(process.cwd(), dir)} (tests: ${c.testFiles} files, ${c.runBlocks} runs, ${c.expectFailures} expect_failures)\n`);
  }
}
