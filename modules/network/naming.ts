import { withOwnTags } from '../core/tags';
import { NetworkProps } from './props';

/** Physical names and tags of the network layer's resources. */
export interface NetworkNaming {
  /** The layer's name prefix (`props.name`). */
  readonly name: string;
  /** The layer's tags plus `Name: <name>` and `extra` (also when the layer's tags are a Terraform expression). */
  readonly tags: (name: string, extra?: Record<string, string>) => Record<string, string>;
}

export function networkNaming(props: NetworkProps): NetworkNaming {
  return { name: props.name, tags: (n: string, extra = {}) => withOwnTags(props.tags, { Name: n, ...extra }) };
}
