/**
 * Emitting a layer as a plain Terraform JSON module for HCL consumers (`npm run build:modules`).
 *
 * How a module is made, in one pass with no placeholders and no rewriting of the layer's output:
 * 1. every input is a `TerraformVariable` (typed, described, defaulted, validated);
 * 2. the spec's `build` passes the variables to the layer construct as props (`v.cpu.numberValue`,
 *    `stringMapValue(v.tags)`, ...): the same construct code the stacks run, which renders them as
 *    `${var.<name>}` (layers accept tokens for every variable-backed prop; what decides which resources exist is
 *    a literal fixed by the module and said in its description);
 * 3. the synthesized JSON loses its provider and backend blocks and pins `required_providers`; only the spec's
 *    outputs stay (outputs a layer declares for our own stacks are not the module's interface);
 * 4. main.tf.json and a README in terraform-docs style are written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, ITerraformDependable, TerraformOutput, TerraformVariable, Token } from 'cdktf';
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
  /**
   * Validation blocks: an HCL condition over `var.<name>`, the message, and a value it refuses (`invalid`, with any
   * other variables that value needs in `invalidWith`), from which the module's tests/validations.tftest.hcl gets
   * one `expect_failures` run per validation (modules/core/module-tests.ts; a validation without one fails the build).
   * @default []
   */
  readonly validation?: ModuleValidationSpec[];
}

/** One validation block of a module variable. */
export interface ModuleValidationSpec {
  /** HCL condition over `var.<name>` (and other variables). */
  readonly condition: string;
  /** Terraform's error message when the condition is false. */
  readonly errorMessage: string;
  /**
   * A value of the variable the condition refuses: the module's expect_failures case (modules/core/module-tests.ts).
   * @default undefined (none: publishing the module fails, naming the validation)
   */
  readonly invalid?: unknown;
  /**
   * Values of other variables the refused value needs (e.g. `desired_count` for `min_count`).
   * @default {} (the module's test inputs and defaults)
   */
  readonly invalidWith?: Record<string, unknown>;
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

/** A second `aws` provider configuration the module's caller passes (`configuration_aliases`). */
export interface ModuleProviderAlias {
  /** The alias, e.g. `us_east_1`: resources created through it carry `provider = aws.us_east_1`. */
  readonly alias: string;
  /** The region the caller must configure it for. */
  readonly region: string;
  /** What lives there, for the README. */
  readonly why: string;
}

export interface TerraformModuleSpec {
  /** Folder name of the module, e.g. `network`. */
  readonly name: string;
  /** One paragraph for the module README. */
  readonly description: string;
  /** The module's input variables. */
  readonly variables: ModuleVariableSpec[];
  /**
   * Provider aliases the module declares in `configuration_aliases`; `build` gets an `AwsProvider` for each.
   * The emitter refuses a module whose resources use another alias, or leave one unused.
   * @default [] (only the default `aws` provider)
   */
  readonly providerAliases?: ModuleProviderAlias[];
  /**
   * Valid values of every required variable: the variables of the module's generated tests and of its
   * `examples/minimal` (modules/core/module-tests.ts). A published module must have them (`npm run build:modules`
   * refuses one without).
   * @default undefined (the module cannot be published with tests and examples)
   */
  readonly testInputs?: Record<string, unknown>;
  /**
   * Values `examples/complete` sets instead of a variable's default (every variable is set there).
   * @default {} (defaults)
   */
  readonly exampleInputs?: Record<string, unknown>;
  /** Instantiates the layer from the variables (and the alias providers, by alias) and returns the outputs. */
  build(scope: Construct, vars: Record<string, TerraformVariable>, providers: Record<string, AwsProvider>): ModuleOutputSpec[];
}

export interface EmittedModule {
  /** Module folder name. */
  readonly name: string;
  /** Folder the module was written to. */
  readonly dir: string;
  /** The module's Terraform JSON. */
  readonly json: Record<string, unknown>;
}

type Json = Record<string, any>;

/** A `map(string)` variable as a layer's `Record<string, string>` prop (e.g. `tags`; layers merge it with `withOwnTags`). */
export function stringMapValue(variable: TerraformVariable): Record<string, string> {
  return Token.asStringMap(variable.value);
}

/**
 * A dependency on a module input: `depends_on = [var.<name>]` makes a resource wait for whatever the caller's value
 * waits for (e.g. the edge module's listener behind `https_listener_arn`).
 */
export function inputDependency(variable: TerraformVariable): ITerraformDependable {
  return { fqn: `var.${variable.friendlyUniqueId}` };
}

/** Synthesizes a module spec into `<outdir>/<name>/main.tf.json` + README.md. */
export function emitTerraformModule(spec: TerraformModuleSpec, outdir: string): EmittedModule {
  const { json: synthesized, outputs } = synthesizeModule(spec);
  const json = moduleJson(spec, synthesized, outputs);
  const dir = path.join(outdir, spec.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.tf.json'), `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'README.md'), moduleReadme(spec, outputs));
  return { name: spec.name, dir, json };
}

/** Steps 1 and 2: the variables, the layer built from them, the outputs; cdktf's JSON of that stack. */
function synthesizeModule(spec: TerraformModuleSpec): { json: Json; outputs: ModuleOutputSpec[] } {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), `tfmodule-${spec.name}-`));
  try {
    const app = new App({ outdir: workdir, stackTraces: false, hclOutput: false });
    const stack = new ReadableStack(app, spec.name);
    // A provider is needed to synthesize; it is removed from the module (the caller configures it).
    new AwsProvider(stack, 'aws', {});
    const providers: Record<string, AwsProvider> = {};
    for (const p of spec.providerAliases ?? []) providers[p.alias] = new AwsProvider(stack, `aws_${p.alias}`, { alias: p.alias, region: p.region });
    const vars = moduleVariables(new Construct(stack, 'variables'), spec.variables);
    const outScope = new Construct(stack, 'outputs');
    const outputs = spec.build(stack, vars, providers);
    for (const o of outputs) {
      new TerraformOutput(outScope, o.name, { value: o.value, description: o.description, sensitive: o.sensitive }).overrideLogicalId(o.name);
    }
    app.synth();
    return { json: JSON.parse(fs.readFileSync(path.join(workdir, 'stacks', spec.name, 'cdk.tf.json'), 'utf8')), outputs };
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

/** A validation condition as Terraform JSON syntax needs it: an expression written as a "${...}" template. */
export function validationConditionJson(condition: string): string {
  return condition.startsWith('${') ? condition : `\${${condition}}`;
}

/** A variable that defaults to null must be nullable; every other one is not (the emitter's rule). */
export function isNullableVariable(spec: ModuleVariableSpec): boolean {
  return spec.default === null;
}

/** One `TerraformVariable` per spec, named exactly as the spec says. */
function moduleVariables(scope: Construct, specs: readonly ModuleVariableSpec[]): Record<string, TerraformVariable> {
  const vars: Record<string, TerraformVariable> = {};
  for (const v of specs) {
    const tv = new TerraformVariable(scope, v.name, {
      type: v.type,
      description: v.description,
      // cdktf cannot synthesize a null default (it walks the value's keys): it is set by an override below.
      default: v.default === null ? undefined : v.default,
      sensitive: v.sensitive,
      nullable: isNullableVariable(v),
    });
    tv.overrideLogicalId(v.name);
    if (v.default === null) tv.addOverride('default', null);
    for (const val of v.validation ?? []) tv.addValidation({ condition: validationConditionJson(val.condition), errorMessage: val.errorMessage });
    vars[v.name] = tv;
  }
  return vars;
}

/** Step 3: no provider, backend or metadata; pinned versions and declared aliases; only the spec's outputs. */
function moduleJson(spec: TerraformModuleSpec, json: Json, outputs: readonly ModuleOutputSpec[]): Json {
  delete json['//'];
  delete json.provider;
  json.terraform = {
    required_version: MODULE_TERRAFORM_CONSTRAINT,
    required_providers: { aws: { source: 'hashicorp/aws', version: MODULE_AWS_PROVIDER_CONSTRAINT } },
  };
  const declared = new Set(outputs.map((o) => o.name));
  for (const name of Object.keys(json.output ?? {})) if (!declared.has(name)) delete json.output[name];
  const aliases = (spec.providerAliases ?? []).map((p) => `aws.${p.alias}`).sort();
  const used = providerAliases(json);
  if (JSON.stringify(used) !== JSON.stringify(aliases)) {
    throw new Error(`module ${spec.name}: its resources use the provider aliases [${used.join(', ')}] but the spec declares [${aliases.join(', ')}] (providerAliases)`);
  }
  if (aliases.length > 0) json.terraform.required_providers.aws.configuration_aliases = aliases;
  return json;
}

/** Provider aliases (`aws.us_east_1`) that resources and data sources of a module's JSON use, sorted. */
export function providerAliases(json: Record<string, unknown>): string[] {
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

/** README in terraform-docs style: requirements, providers (with aliases), inputs and outputs tables. */
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
    ...providersSection(spec.providerAliases ?? []),
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

/** The README's providers table, when the module takes provider aliases (none otherwise). */
function providersSection(aliases: readonly ModuleProviderAlias[]): string[] {
  if (aliases.length === 0) return [];
  const sorted = [...aliases].sort((a, b) => a.alias.localeCompare(b.alias));
  return [
    '## Providers',
    '',
    '| Name | Alias | Why |',
    '|------|-------|-----|',
    '| aws | (default) | every regional resource |',
    ...sorted.map((a) => `| aws | ${a.alias} | must be configured for ${a.region}: ${tableCell(a.why)} |`),
    '',
    `Pass ${sorted.length === 1 ? 'both' : 'all'}: \`providers = { aws = aws, ${sorted.map((a) => `aws.${a.alias} = aws.${a.alias}`).join(', ')} }\`.`,
    '',
  ];
}
