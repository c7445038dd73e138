/**
 * The contract every published Terraform module keeps (README "Terraform modules"), as checks over the emitted
 * main.tf.json of all of them. __tests__/modules/module-contract.test.ts runs it on every module `npm run
 * build:modules` writes, so a new module is held to it too.
 *
 * - Common variables: `name`, `account_id`, `region`, `partition` and `tags`, with the same type, description and
 *   validations everywhere (`layerBaseVariables`); only `name`'s length limit differs (what the module's derived
 *   names allow), and a module may add checks of names it derives from `name` after the contract's.
 * - A variable name means one thing: the same type in every module that declares it.
 * - Wiring: a variable whose description says it is "<module> module output `<output>`" names an output that module has.
 * - Output names: snake_case; an ARN ends in `_arn`, a KMS key's in `kms_key_arn`; a bucket's name in `bucket_name`.
 * - Ranges: a variable whose validation allows a whole-number range `A-B` says `A-B` in its description.
 */
import { accountIdVariable, COMMON_VARIABLE_NAMES, nameVariable, partitionVariable, regionVariable, tagsVariable } from './module-variables';
import { isNullableVariable, validationConditionJson, type ModuleVariableSpec } from './terraform-module';

type Json = Record<string, any>;

/** One breach of the contract: the module, the variable or output, what is wrong. */
export interface ContractProblem {
  readonly module: string;
  readonly item: string;
  readonly problem: string;
}

/** A variable spec as the emitter writes it to main.tf.json (`emitTerraformModule`). */
export function emittedVariable(spec: ModuleVariableSpec): Json {
  return {
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    description: spec.description,
    nullable: isNullableVariable(spec),
    type: spec.type,
    ...(spec.validation && spec.validation.length > 0
      ? { validation: spec.validation.map((v) => ({ condition: validationConditionJson(v.condition), error_message: v.errorMessage })) }
      : {}),
  };
}

const FIXED: Record<Exclude<(typeof COMMON_VARIABLE_NAMES)[number], 'name'>, ModuleVariableSpec> = {
  account_id: accountIdVariable,
  region: regionVariable,
  partition: partitionVariable,
  tags: tagsVariable,
};

/** Every breach of the contract by the emitted modules (folder name -> main.tf.json). */
export function moduleContractProblems(modules: Record<string, Json>): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const add = (module: string, item: string, problem: string) => problems.push({ module, item, problem });
  const types = new Map<string, { module: string; type: string }>();
  for (const [module, json] of Object.entries(modules)) {
    const variables: Json = json.variable ?? {};
    for (const v of COMMON_VARIABLE_NAMES) if (!(v in variables)) add(module, `variable ${v}`, 'is missing: every module takes name, account_id, region, partition and tags');
    for (const [v, spec] of Object.entries(FIXED)) {
      if (v in variables && JSON.stringify(sorted(variables[v])) !== JSON.stringify(sorted(emittedVariable(spec)))) {
        add(module, `variable ${v}`, `differs from the contract's (module-variables.ts ${v}): ${JSON.stringify(variables[v])}`);
      }
    }
    if ('name' in variables) nameProblems(variables.name).forEach((p) => add(module, 'variable name', p));
    for (const [v, body] of Object.entries(variables)) {
      const seen = types.get(v);
      if (seen && seen.type !== body.type) add(module, `variable ${v}`, `is ${body.type} here but ${seen.type} in ${seen.module}: one name, one type`);
      else if (!seen) types.set(v, { module, type: body.type });
      rangeProblems(body).forEach((p) => add(module, `variable ${v}`, p));
      for (const [, from, output] of String(body.description ?? '').matchAll(/\b([a-z0-9-]+) module output `([a-z0-9_]+)`/g)) {
        if (!modules[from]) add(module, `variable ${v}`, `names the ${from} module, which is not published`);
        else if (!(output in (modules[from].output ?? {}))) add(module, `variable ${v}`, `names the ${from} module's output ${output}, which it does not have`);
      }
    }
    for (const [o, body] of Object.entries((json.output ?? {}) as Json)) outputProblems(o, body.value).forEach((p) => add(module, `output ${o}`, p));
  }
  return problems;
}

/**
 * A variable whose validation allows a whole-number range (`wholeNumberValidation`: "must be a whole number A-B")
 * states that range in its description, so the inputs table tells a caller what fits before a plan refuses it.
 */
function rangeProblems(body: Json): string[] {
  const ranges = ((body.validation ?? []) as Json[]).map((v) => /must be a whole number (-?\d+)-(\d+)/.exec(String(v.error_message))).filter((m): m is RegExpExecArray => m !== null);
  return ranges.filter((m) => !String(body.description ?? '').includes(`${m[1]}-${m[2]}`)).map((m) => `allows ${m[1]}-${m[2]} (its validation) but its description does not say so`);
}

/** `name`: the contract's variable for the module's length limit, its validation first. */
function nameProblems(body: Json): string[] {
  const first = body.validation?.[0]?.condition ?? '';
  const limit = /length\(var\.name\) <= (\d+)\}$/.exec(first);
  if (!limit) return [`has no length limit in its first validation (the contract's nameVariable): ${first}`];
  const expected = emittedVariable(nameVariable(Number(limit[1])));
  const actual = { ...body, validation: body.validation.slice(0, 1) };
  return JSON.stringify(sorted(actual)) === JSON.stringify(sorted(expected)) ? [] : [`differs from the contract's nameVariable(${limit[1]}): ${JSON.stringify(body)}`];
}

/** An output's name against what its value is. */
function outputProblems(name: string, value: unknown): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)) problems.push('must be snake_case');
  const ref = typeof value === 'string' ? /^\$\{([a-z0-9_]+)\.[a-z0-9_]+\.([a-z_]+)\}$/.exec(value) : null;
  if (ref) {
    const [, type, attribute] = ref;
    if (type === 'aws_kms_key' && attribute === 'arn' && !/(^|_)kms_key_arn$/.test(name)) problems.push("is a KMS key's ARN: its name ends in kms_key_arn");
    else if (attribute === 'arn' && !/(^|_)arn$/.test(name)) problems.push('is an ARN: its name ends in _arn');
    if (type === 'aws_s3_bucket' && (attribute === 'bucket' || attribute === 'id') && !/(^|_)bucket_name$/.test(name)) problems.push("is a bucket's name: its name ends in bucket_name");
  }
  return problems;
}

/** A JSON value with object keys sorted (key order is not part of the contract). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Json)[k])]));
  return value;
}
