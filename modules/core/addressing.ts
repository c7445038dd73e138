import { Construct, Node } from 'constructs';
import { TerraformElement, TerraformStack } from 'cdktf';
import { skipPreparePass } from './cdktf-adapter';
import { undeclaredReferences } from './references';

/**
 * Turns a construct path (relative to its stack) into a readable, hash-free
 * Terraform logical id: `network/private_app_a` -> `network_private_app_a`.
 *
 * Addresses therefore depend only on the layer and the role of a resource, so
 * refactoring code that does not change construct ids never moves state.
 */
export function readableLogicalId(components: readonly string[]): string {
  const id = components
    .filter((c) => c !== 'Default' && c !== 'Resource')
    .map((c) =>
      c
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .toLowerCase(),
    )
    .filter((c) => c.length > 0)
    .join('_');
  return /^[a-z_]/.test(id) ? id : `r_${id}`;
}

export interface ReadableStackOptions {
  /**
   * The stack never references another stack's resources. cdktf's prepare pass
   * (a second resolve of every element, whose only effect in cdktf 0.21 is
   * discovering cross-stack references) is then skipped: about 30% of synth
   * time. The synthesized JSON is checked instead: a reference to anything the
   * stack does not declare (another stack's resource) fails the synth, naming it.
   * @default false
   */
  readonly selfContained?: boolean;
}

/**
 * A stack whose resource addresses are readable and stable:
 * `aws_subnet.network_private_app_a` instead of `aws_subnet.network_privateappa_3F2A1B9C`.
 * Two constructs that would map to the same address are reported at synth time.
 */
export class ReadableStack extends TerraformStack {
  private readonly allocated = new Map<string, string>();
  /** See ReadableStackOptions.selfContained. */
  readonly selfContained: boolean;

  constructor(scope: Construct, id: string, options: ReadableStackOptions = {}) {
    super(scope, id);
    this.selfContained = options.selfContained ?? false;
  }

  /** cdktf's prepare pass, skipped (but for the backend default) in self-contained stacks (see cdktf-adapter skipPreparePass). */
  override prepareStack(): void {
    if (this.selfContained && skipPreparePass(this)) return;
    super.prepareStack();
  }

  /** The stack's Terraform JSON; a self-contained stack refuses references to what it does not declare. */
  override toTerraform(): any {
    const tf = super.toTerraform() as Record<string, unknown>;
    if (this.selfContained) {
      const undeclared = undeclaredReferences(tf);
      if (undeclared.length > 0) {
        throw new Error(
          `Stack "${this.node.id}" is self-contained but references what it does not declare: ${undeclared.join(', ')}. ` +
            'A reference to another stack needs cdktf\'s cross-stack outputs: construct that stack with selfContained: false.',
        );
      }
    }
    return tf;
  }

  protected override allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(tfElement) ? tfElement.node : (tfElement as Node);
    const stackIndex = node.scopes.indexOf(this);
    const components = node.scopes.slice(stackIndex + 1).map((c) => c.node.id);
    if (components.length === 0) return '';
    const id = readableLogicalId(components);
    const kind = TerraformElement.isTerraformElement(tfElement)
      ? `${(tfElement as unknown as { terraformResourceType?: string }).terraformResourceType ?? tfElement.constructor.name}`
      : 'node';
    const key = `${kind}.${id}`;
    const path = node.path;
    const previous = this.allocated.get(key);
    if (previous !== undefined && previous !== path) {
      throw new Error(`Two constructs map to the Terraform address "${key}": "${previous}" and "${path}". Rename one of them.`);
    }
    this.allocated.set(key, path);
    return id;
  }
}
