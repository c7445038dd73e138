/**
 * Settings every layer construct takes. Nothing here is looked up from AWS at
 * plan time: account, region and partition are inputs so that plans run offline.
 */
export interface LayerBaseProps {
  /**
   * Prefix for every physical name this layer creates, e.g. `helloapi-prod`.
   * Lowercase letters, digits and hyphens; at most 24 characters.
   */
  readonly name: string;
  /** The 12-digit AWS account ID the resources live in. */
  readonly accountId: string;
  /** The AWS region the resources live in, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * Tags added to every taggable resource of the layer (on top of the provider's default tags).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** The ARN prefix for a service in the layer's partition, region and account. */
export function arnPrefix(props: LayerBaseProps, service: string, global = false): string {
  const partition = props.partition ?? 'aws';
  return `arn:${partition}:${service}:${global ? '' : props.region}:${props.accountId}`;
}
