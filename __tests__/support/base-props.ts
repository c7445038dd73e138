/**
 * The base props every layer checks (`layerBaseProblems`, modules/core/context.ts): name, accountId, region and
 * partition, reported with the layer's other problems in one PropsError, the name limit the same as the `name`
 * variable of the layer's published Terraform module. Each layer's base-props.test.ts runs these cases.
 */
import type { LayerBaseProps } from '../../modules/core/context';
import { PropsError } from '../../modules/core/problems';
import type { TerraformModuleSpec } from '../../modules/core/terraform-module';

/** A layer as the cases below build it. */
export interface LayerUnderTest {
  /** The construct kind that starts its PropsError's message, e.g. `Network`. */
  readonly kind: string;
  /** Builds the layer (valid props, then `base`); throws what the construct throws. */
  readonly build: (base: Partial<LayerBaseProps>) => void;
  /** The layer's exported limit (e.g. NETWORK_MAX_NAME_LENGTH). */
  readonly maxNameLength: number;
  /** The layer's published Terraform modules. */
  readonly modules: readonly TerraformModuleSpec[];
}

/** The PropsError `build` throws; fails when it throws nothing or something else. */
export function propsErrorOf(build: () => void): PropsError {
  try {
    build();
  } catch (e) {
    if (e instanceof PropsError) return e;
    throw e;
  }
  throw new Error('the layer accepted the props');
}

/** The longest name the `name` variable of a published module accepts (its `length(var.name) <= N` condition). */
export function moduleNameLimit(spec: TerraformModuleSpec): number {
  const name = spec.variables.find((v) => v.name === 'name');
  const limit = /length\(var\.name\) <= (\d+)/.exec(name?.validation?.[0]?.condition ?? '');
  if (!limit) throw new Error(`module ${spec.name}: no length limit on its name variable`);
  return Number(limit[1]);
}

/** A valid name prefix of exactly `length` characters (a hyphen and a digit in it). */
export const nameOfLength = (length: number): string => `n${'a'.repeat(length - 3)}-1`;

const NAME_RULE = 'must be lowercase letters, digits and single hyphens, start with a letter and end with a letter or digit';
const BASE_RULES = [NAME_RULE, 'must be a 12-digit AWS account ID', 'must be an AWS region name', 'must be aws, aws-cn or aws-us-gov'];

export function describeBaseProps(layer: LayerUnderTest): void {
  const max = layer.maxNameLength;

  describe(`${layer.kind}: base props (name at most ${max} characters, accountId, region, partition)`, () => {
    it('refuses a bad name, accountId, region and partition in one PropsError naming each with its value', () => {
      const error = propsErrorOf(() => layer.build({ name: 'Zeta_Billing', accountId: 'abc', region: 'Europe', partition: 'aws-iso' }));
      expect(error.message).toMatch(new RegExp(`^${layer.kind} test/`));
      // Other rules may refuse the same values too (the compute layer's GuardDuty agent region, say).
      const base = error.problems.filter((p) => BASE_RULES.some((rule) => p.message.startsWith(rule)));
      expect(base.map((p) => [p.prop, p.value])).toEqual([
        ['name', 'Zeta_Billing'],
        ['accountId', 'abc'],
        ['region', 'Europe'],
        ['partition', 'aws-iso'],
      ]);
      expect(error.message).toContain(`\n  name = "Zeta_Billing": ${NAME_RULE}, at most ${max} characters (`);
      expect(error.message).toContain('\n  accountId = "abc": must be a 12-digit AWS account ID');
      expect(error.message).toContain('\n  region = "Europe": must be an AWS region name such as eu-west-1');
      expect(error.message).toContain('\n  partition = "aws-iso": must be aws, aws-cn or aws-us-gov');
    });

    it("refuses the names the module's pattern refuses: a leading digit, a trailing hyphen, a double hyphen", () => {
      for (const name of ['9lives', 'zeta-', 'zeta--billing']) {
        expect(propsErrorOf(() => layer.build({ name })).problems.map((p) => [p.prop, p.value])).toEqual([['name', name]]);
      }
    });

    it(`accepts a name of exactly ${max} characters and refuses one of ${max + 1}`, () => {
      expect(() => layer.build({ name: nameOfLength(max) })).not.toThrow();
      const error = propsErrorOf(() => layer.build({ name: nameOfLength(max + 1) }));
      expect(error.problems.map((p) => [p.prop, p.value])).toEqual([['name', nameOfLength(max + 1)]]);
      // Only the length is wrong: the message says the length and the limit (the environment validator reads it).
      expect(error.problems[0].message).toMatch(new RegExp(`^is ${max + 1} characters long: at most ${max} \\(`));
    });

    it("has the name limit of its published Terraform module's name variable", () => {
      for (const spec of layer.modules) expect([spec.name, moduleNameLimit(spec)]).toEqual([spec.name, max]);
    });
  });
}
