/**
 * Emitting a layer as a plain Terraform JSON module for HCL consumers:
 * variables (typed, described, defaulted, validated) feed the layer construct,
 * and the synthesized JSON is stripped of provider and backend blocks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformOutput, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ReadableStack } from './addressing';
import { tableCell } from './markdown';

/** Provider constraint a module declares: the major version we test against. */
export const MODULE_AWS_PROVIDER_CONSTRAINT = '>= 5.100.0, < 6.0.0';
export const MODULE_TERRAFORM_CONSTRAINT = '>= 1.10.0';

export interface ModuleVariableSpec {
  /** snake_case variable name. */
  readonly name: string;
  /** HCL type constraint, e.g. `string`, `list(string)`, `number`, `bool`, `map(string)`. */
  readonly type: string;
  /** Description shown in the module README and by Terraform. */
  readonly description: string;
  /** Default value; the variable is required when absent. @default undefined (the variable is required) */
  readonly default?: unknown;
  /**
   * Mark the variable sensitive.
   * @default false
   */
  readonly sensitive?: boolean;
  /** Validation blocks: an HCL condition over `var.<name>` and the message. @default [] */
  readonly validation?: { readonly condition: string; readonly errorMessage: string }[];
}

export interface ModuleOutputSpec {
  /** snake_case output name. */
  readonly name: string;
  /** Description shown in the module README and by Terraform. */
  readonly description: string;
  /** A value or token from the layer. */
  readonly value: unknown;
  /**
   * Mark the output sensitive.
   * @default false
   */
  readonly sensitive?: boolean;
}

export interface TerraformModuleSpec {
  /** Folder name of the module, e.g. `network`. */
  readonly name: string;
  /** One paragraph for the module README. */
  readonly description: string;
  /** The module's input variables. */
  readonly variables: ModuleVariableSpec[];
  /** Instantiates the layer from the variables and returns the outputs. */
  build(scope: Construct, vars: Record<string, TerraformVariable>): ModuleOutputSpec[];
}

export interface EmittedModule {
  /** Module folder name. */
  readonly name: string;
  /** Folder the module was written to. */
  readonly dir: string;
  /** The module's Terraform JSON. */
  readonly json: Record<string, unknown>;
}

/** Synthesizes a module spec into `<outdir>/<name>/main.tf.json` + README.md. */
export function emitTerraformModule(spec: TerraformModuleSpec, outdir: string): EmittedModule {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), `tfmodule-${spec.name}-`));
  const app = new App({ outdir: workdir, stackTraces: false, hclOutput: false });
  const stack = new ReadableStack(app, spec.name);
  // A provider is needed to synthesize; it is removed from the module below (the caller configures it).
  new AwsProvider(stack, 'aws', {});
  const vars: Record<string, TerraformVariable> = {};
  const varScope = new Construct(stack, 'variables');
  const outScope = new Construct(stack, 'outputs');
  for (const v of spec.variables) {
    const tv = new TerraformVariable(varScope, v.name, {
      type: v.type,
      description: v.description,
      default: v.default,
      sensitive: v.sensitive,
      nullable: v.default === null ? true : false,
    });
    tv.overrideLogicalId(v.name);
    // In Terraform JSON syntax an expression must be written as a "${...}" template.
    for (const val of v.validation ?? []) tv.addValidation({ condition: val.condition.startsWith('${') ? val.condition : `\${${val.condition}}`, errorMessage: val.errorMessage });
    vars[v.name] = tv;
  }
  const outputs = spec.build(stack, vars);
  for (const o of outputs) {
    new TerraformOutput(outScope, o.name, { value: o.value, description: o.description, sensitive: o.sensitive }).overrideLogicalId(o.name);
  }
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(workdir, 'stacks', spec.name, 'cdk.tf.json'), 'utf8')) as Record<string, any>;
  fs.rmSync(workdir, { recursive: true, force: true });
  delete json['//'];
  delete json.provider;
  json.terraform = {
    required_version: MODULE_TERRAFORM_CONSTRAINT,
    required_providers: { aws: { source: 'hashicorp/aws', version: MODULE_AWS_PROVIDER_CONSTRAINT } },
  };
  const dir = path.join(outdir, spec.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.tf.json'), `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'README.md'), moduleReadme(spec, outputs));
  return { name: spec.name, dir, json };
}

/** README in terraform-docs style: requirements, inputs and outputs tables. */
export function moduleReadme(spec: TerraformModuleSpec, outputs: ModuleOutputSpec[]): string {
  const lines = [
    `# ${spec.name}`,
    '',
    spec.description,
    '',
    '## Requirements',
    '',
    '| Name | Version |',
    '|------|---------|',
    `| terraform | ${MODULE_TERRAFORM_CONSTRAINT} |`,
    `| aws | ${MODULE_AWS_PROVIDER_CONSTRAINT} |`,
    '',
    '## Inputs',
    '',
    '| Name | Description | Type | Default | Required |',
    '|------|-------------|------|---------|:--------:|',
    ...[...spec.variables]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(
        (v) =>
          `| ${v.name} | ${tableCell(v.description)} | \`${tableCell(v.type)}\` | ${v.default === undefined ? 'n/a' : `\`${tableCell(JSON.stringify(v.default))}\``} | ${v.default === undefined ? 'yes' : 'no'} |`,
      ),
    '',
    '## Outputs',
    '',
    '| Name | Description |',
    '|------|-------------|',
    ...[...outputs].sort((a, b) => a.name.localeCompare(b.name)).map((o) => `| ${o.name} | ${tableCell(o.description)}${o.sensitive ? ' (sensitive)' : ''} |`),
    '',
  ];
  return lines.join('\n');
}
