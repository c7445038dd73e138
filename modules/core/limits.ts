/**
 * AWS service limits that several layers, the environment schema and the published Terraform modules' variable
 * validations check (one home: modules/config re-exports them; layers never import the environment schema).
 */

/**
 * Values CloudWatch Logs accepts for retention_in_days
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
 */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The memory (MiB) one Fargate CPU size allows: min-max in steps, or exactly `values` when given. */
export interface FargateMemoryRange {
  /** Smallest memory (MiB) for the CPU size. */
  readonly min: number;
  /** Largest memory (MiB) for the CPU size. */
  readonly max: number;
  /** Memory increment (MiB) between min and max. */
  readonly step: number;
  /** The only values allowed, when the range is not a plain step range. @default every step from min to max */
  readonly values?: readonly number[];
}

/**
 * Valid Fargate CPU units and the memory (MiB) each allows
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
 */
export const FARGATE_SIZES: Record<number, FargateMemoryRange> = {
  // 256 CPU units: 512 MiB, 1 GB or 2 GB only (not 1536).
  256: { min: 512, max: 2048, step: 512, values: [512, 1024, 2048] },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

/** Every memory size (MiB) FARGATE_SIZES allows with `cpu`, ascending (none for an unknown CPU size). */
export function fargateMemorySizes(cpu: number): number[] {
  const size = FARGATE_SIZES[cpu];
  if (!size) return [];
  if (size.values) return [...size.values];
  return Array.from({ length: (size.max - size.min) / size.step + 1 }, (_, i) => size.min + i * size.step);
}

/** Whether `value` is a whole number from `range.min` to `range.max`, inclusive (the rule behind "must be a whole number min-max"). */
export function isWholeNumberIn(value: number, range: { readonly min: number; readonly max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

/**
 * Requests per client IP per evaluation window an AWS WAF rate-based rule accepts as its `limit`, inclusive
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html).
 */
export const WAF_RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;

/**
 * Seconds an application load balancer's idle timeout accepts, inclusive
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout).
 */
export const ALB_IDLE_TIMEOUT_RANGE = { min: 1, max: 4000 } as const;

/** The ports an app container may listen on: unprivileged TCP ports (the containers run as non-root). */
export const CONTAINER_PORT_RANGE = { min: 1024, max: 65535 } as const;

/**
 * Why `port` cannot be the port an app container listens on (a whole number in CONTAINER_PORT_RANGE), or undefined
 * when it can: the compute layer's rule for the container and the network layer's for the port its app security
 * group admits, in the same words.
 */
export function containerPortProblem(port: number): string | undefined {
  const { min, max } = CONTAINER_PORT_RANGE;
  return isWholeNumberIn(port, CONTAINER_PORT_RANGE) ? undefined : `must be a whole number ${min}-${max} (the container runs as non-root)`;
}

/** Longest S3 bucket name, in characters. */
export const S3_BUCKET_NAME_MAX_LENGTH = 63;

/** The memory FARGATE_SIZES allows with a CPU size, in words: `512, 1024, 2048 MiB` or `1024-4096 MiB in steps of 1024`. */
export function fargateMemoryText(size: FargateMemoryRange): string {
  return size.values ? size.values.join(', ') + ' MiB' : `${size.min}-${size.max} MiB in steps of ${size.step}`;
}

/** Why `memory` is not a valid Fargate memory size for `cpu`, or undefined when it is. */
export function fargateSizeProblem(cpu: number, memory: number): { field: 'cpu' | 'memory'; message: string } | undefined {
  const size = FARGATE_SIZES[cpu];
  if (!size) return { field: 'cpu', message: `must be a Fargate CPU size: ${Object.keys(FARGATE_SIZES).join(', ')}` };
  if (fargateMemorySizes(cpu).includes(memory)) return undefined;
  return { field: 'memory', message: `with cpu ${cpu} must be ${fargateMemoryText(size)}` };
}
