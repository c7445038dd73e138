import { secretArnOf } from './container';
import type { ComputeProps } from './props';

/** The compute layer's props with every default applied: what the builders (repository.ts, roles.ts, ...) read. */
export interface ComputeSettings {
  /** The props as given. */
  readonly props: ComputeProps;
  readonly name: string;
  readonly tags?: Record<string, string>;
  readonly partition: string;
  readonly port: number;
  readonly healthPath: string;
  readonly containerName: string;
  /** Name of the `<name>-manage` task definition's container. */
  readonly manageContainerName: string;
  readonly user: string;
  readonly execEnabled: boolean;
  /** Retention of the log groups in days. */
  readonly retention: number;
  readonly corsOrigins: string[];
  readonly minCount: number;
  readonly maxCount: number;
  readonly stopTimeout: number;
  readonly extraEnvironment: Record<string, string>;
  readonly extraSecrets: Record<string, string>;
  /** The secret ARNs of extraSecrets (without JSON-key selectors), which the execution role may read. */
  readonly extraSecretArns: string[];
  /** How the service deploys (`deployment`, default rolling). */
  readonly deployment: 'rolling' | 'blueGreen';
}

/** Applies the defaults documented on ComputeProps (the props are valid: computePropsProblems found none). */
export function computeSettings(props: ComputeProps): ComputeSettings {
  const extraSecrets = props.extraSecrets ?? {};
  return {
    props,
    name: props.name,
    tags: props.tags,
    partition: props.partition ?? 'aws',
    port: props.containerPort ?? props.network.containerPort ?? 8000,
    healthPath: props.healthCheckPath ?? '/health/',
    containerName: props.containerName ?? 'api',
    manageContainerName: 'manage',
    user: props.containerUser ?? '1000:1000',
    execEnabled: props.execEnabled ?? false,
    retention: props.logRetentionDays ?? 365,
    corsOrigins: props.corsAllowedOrigins ?? props.allowedHosts.map((h) => `https://${h}`),
    minCount: props.scaling.minCount ?? props.scaling.desiredCount,
    maxCount: props.scaling.maxCount ?? props.scaling.desiredCount * 4,
    stopTimeout: props.stopTimeoutSeconds ?? 30,
    extraEnvironment: props.extraEnvironment ?? {},
    extraSecrets,
    deployment: props.deployment ?? 'rolling',
    extraSecretArns: Object.entries(extraSecrets).map(([n, valueFrom]) => secretArnOf(valueFrom, `extraSecrets.${n}`)),
  };
}
