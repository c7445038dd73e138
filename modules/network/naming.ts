import { NetworkProps } from './props';

/** Physical names and tags of the network layer's resources. */
export interface NetworkNaming {
  /** The layer's name prefix (`props.name`). */
  readonly name: string;
  /** The layer's tags plus `Name: <name>`. */
  readonly tags: (name: string) => Record<string, string>;
}

export function networkNaming(props: NetworkProps): NetworkNaming {
  return { name: props.name, tags: (n: string) => ({ ...(props.tags ?? {}), Name: n }) };
}
