import { z } from 'zod';
import { RELAXATION_NAMES, RelaxationName } from './relaxations';
import { OPTIONAL_MANAGED_RULE_GROUP_NAMES } from '../edge/waf-rules';
import { DEFAULT_POSTGRES_VERSION } from '../database/engine-version';
import { unknownRegionMessage } from './regions';

import { ALB_IDLE_TIMEOUT_RANGE, FARGATE_SIZES, LOG_RETENTION_DAYS, WAF_RATE_LIMIT_RANGE } from '../core/limits';
import { parseRoleArn } from '../core/iam';
import { ACCOUNT_BASELINE_MAX_NAME_LENGTH } from '../account-baseline/validation';
import { ACCOUNT_ID_PATTERN, HOSTED_ZONE_ID_PATTERN, isDnsName, NAME_PREFIX_PATTERN, PYTHON_MODULE_PATTERN, ROLE_ARN_PATTERN, URL_PATH_PATTERN } from '../core/patterns';

// Moved to modules/core/limits.ts (layers use them without importing the environment schema); re-exported here.
export { FARGATE_SIZES, LOG_RETENTION_DAYS };

// Names, DNS names, account IDs and URL paths: the shared patterns the layers and the HCL module validations use.
const NAME = new RegExp(NAME_PREFIX_PATTERN);
/** An exact lowercase DNS name of at most DNS_NAME_MAX_LENGTH characters (core/patterns `isDnsName`). */
const dnsName = (message: string) => z.string().refine(isDnsName, message);
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** `arn:<partition>:iam::<12-digit account>:role/<optional path/>name`: core/patterns ROLE_ARN_PATTERN, what `parseRoleArn` parses. */
export const ROLE_ARN = new RegExp(ROLE_ARN_PATTERN);
/** A region of the known-region table (modules/config/regions.ts), not just region-shaped text. */
const region = () =>
  z.string().superRefine((value, ctx) => {
    const problem = unknownRegionMessage(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
const accountId = () => z.string({ invalid_type_error: 'must be a 12-digit string (quote it)' }).regex(new RegExp(ACCOUNT_ID_PATTERN), 'must be exactly 12 digits');
/** What core/iam `parseRoleArn` parses (the access rules and the state stack read the role's parts with it). */
const roleArn = () => z.string().refine((v) => parseRoleArn(v) !== undefined, 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/name');

const positiveInt = (what: string) => z.number({ invalid_type_error: `${what} must be a number` }).int(`${what} must be a whole number`).positive(`${what} must be greater than zero`);
const reason = z
  .string({ required_error: 'a reason is required', invalid_type_error: 'a reason must be text' })
  .trim()
  .min(10, 'the reason must say why, in at least 10 characters');

export const networkSchema = z
  .object({
    /** The VPC's IPv4 CIDR, /16 to /28; carved into public, private app and data subnets. */
    cidr: z.string(),
    /** Availability zones to spread subnets over: 2 or 3. */
    azCount: z.number().int('azCount must be a whole number').min(2, 'azCount must be 2 or 3').max(3, 'azCount must be 2 or 3').default(3),
    /** Explicit AZ names; defaults to the region followed by a, b, c. */
    availabilityZones: z.array(z.string()).optional(),
    /** VPC flow-log retention in days. @default 365 */
    flowLogRetentionDays: z.number().optional(),
  })
  .strict();

export const dnsSchema = z
  .object({
    /** The API's public hostname, e.g. `api.example.com`. */
    domain: dnsName('must be a lowercase DNS name such as api.example.com'),
    /** The Route 53 hosted zone's name, e.g. `example.com`. */
    zoneName: dnsName('must be a lowercase DNS name such as example.com'),
    /** The Route 53 hosted zone ID, e.g. `Z0123456789ABCDEFGHIJ`. */
    hostedZoneId: z.string().regex(new RegExp(HOSTED_ZONE_ID_PATTERN), 'must be a Route 53 hosted zone ID: Z followed by 4-31 uppercase letters or digits'),
    /** Extra names on the certificate (must be under the zone too). */
    alternativeNames: z.array(dnsName('must be a lowercase DNS name')).default([]),
    /**
     * Account that owns the hosted zone (often a shared-services account). Environments using the same
     * `hostedZoneId` must agree on it. @default the environment's account
     */
    accountId: accountId().optional(),
    /**
     * Role in the zone's account that the environment assumes to write its Route 53 records and ACM validation
     * records (Route 53 has no resource policies). Required when `accountId` differs from `account.id`.
     */
    roleArn: roleArn().optional(),
  })
  .strict();

export const computeSchema = z
  .object({
    /** Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384 (FARGATE_SIZES, checked by the compute layer). */
    cpu: z.number(),
    /** Fargate memory in MiB, valid for the CPU size (checked by the compute layer). */
    memory: z.number(),
    /** Tasks the service runs normally. Production needs at least 2. */
    desiredCount: positiveInt('desiredCount'),
    /** Auto scaling floor. @default desiredCount */
    minCount: positiveInt('minCount').optional(),
    /** Auto scaling ceiling. @default 4 x desiredCount */
    maxCount: positiveInt('maxCount').optional(),
    /** CPU architecture of the image. @default 'ARM64' */
    architecture: z.enum(['ARM64', 'X86_64']).default('ARM64'),
    /** Port the container listens on, 1024-65535 (the container runs as non-root; checked by the compute and network layers). @default 8000 */
    containerPort: z.number().default(8000),
    /** The image to run: a tag (immutable, never `latest` in production) or a sha256 digest. */
    image: z
      .object({
        /** Repository URI; defaults to the ECR repository the compute layer creates. */
        repository: z.string().optional(),
        /** Image tag, e.g. `v1.4.2` or a git SHA (a Docker tag; checked by the compute layer). */
        tag: z.string().optional(),
        /** Image digest, `sha256:` followed by 64 hex digits (checked by the compute layer). */
        digest: z.string().optional(),
      })
      .strict(),
    /** The path the ALB and the container health check call: an absolute URL path (checked by the compute layer). @default '/health/' */
    healthCheckPath: z.string().default('/health/'),
    /** DJANGO_SETTINGS_MODULE: a Python dotted module path (core/patterns PYTHON_MODULE_PATTERN, as the compute layer checks it). @default 'helloapi.settings.production' */
    djangoSettingsModule: z.string().regex(new RegExp(PYTHON_MODULE_PATTERN), 'must be a Python module path').default('helloapi.settings.production'),
    /** Roll the service (force a new deployment) when the database secret rotates, so no task keeps a stale password. @default true */
    redeployOnSecretRotation: z.boolean().default(true),
    /**
     * How new task definitions reach production: `rolling` (ECS replaces tasks under the deployment circuit breaker,
     * rolling back on failure) or `blueGreen` (CodeDeploy: a green task set behind a second target group, a test
     * listener, canary or linear traffic shifting, automatic rollback on failure and on the rollback alarms).
     * @default 'blueGreen' in production (rolling there needs relaxations.rollingDeployment), 'rolling' elsewhere
     */
    deployment: z.enum(['rolling', 'blueGreen'], { errorMap: () => ({ message: 'must be "rolling" or "blueGreen"' }) }).optional(),
    /** Blue/green settings (used when `deployment` is `blueGreen`; checked by the compute layer). @default see each field */
    blueGreen: z
      .object({
        /** `canary`: `percentage` first, the rest after `intervalMinutes`; `linear`: `percentage` every `intervalMinutes`. @default 'canary' */
        trafficShift: z.enum(['canary', 'linear']).optional(),
        /** Percent of production traffic per step, 1-99. @default 10 */
        percentage: z.number().optional(),
        /** Minutes between steps, 1-2880 (CodeDeploy's limit). @default 5 */
        intervalMinutes: z.number().optional(),
        /** Minutes the original (blue) task set keeps running after all traffic moved: the instant-rollback window, 0-2880. @default 30 */
        bakeTimeMinutes: z.number().optional(),
        /** Port of the test listener (HTTPS), 1-65535 but not 80 or 443. @default 8443 */
        testListenerPort: z.number().optional(),
        /** IPv4 CIDRs besides the VPC's that may reach the test listener. @default [] (the VPC only) */
        testListenerAllowedCidrs: z.array(z.string()).optional(),
        /** ARN of a Lambda function the AppSpec names as the AfterAllowTestTraffic smoke test; the CodeDeploy role may invoke it. @default undefined (no hook) */
        smokeTestFunctionArn: z.string().optional(),
      })
      .strict()
      .optional(),
    /**
     * Off-hours minimum (scheduled scaling; checked by the compute layer). A minCount below compute.minCount needs
     * relaxations.offHoursScaleDown (not allowed in production). @default none (no schedule)
     */
    offHours: z
      .object({
        /** Canonical IANA time zone the schedules are read in, e.g. `Europe/Berlin`. */
        timezone: z.string(),
        /** When off-hours start, `cron(...)` repeating weekly. @default 'cron(0 20 ? * MON-FRI *)' */
        scaleDown: z.string().optional(),
        /** When business hours start. @default 'cron(0 7 ? * MON-FRI *)' */
        scaleUp: z.string().optional(),
        /** Tasks off-hours at least: 1 to compute.minCount. */
        minCount: z.number(),
        /** Tasks off-hours at most. @default compute.maxCount */
        maxCount: z.number().optional(),
      })
      .strict()
      .optional(),
    /** Step scaling on ALB requests per target (scale-out only; checked by the compute layer), or `false`. @default {} (on) */
    requestSteps: z
      .union([
        z.literal(false),
        z
          .object({
            /** Requests per task per minute that fire the alarm. @default 2000 (2 x the target-tracking target) */
            threshold: z.number().optional(),
            /** One-minute periods at or above the threshold. @default 2 */
            evaluationPeriods: z.number().optional(),
            /** Steps above the threshold: from `over` requests on, add `addPercent` % tasks. @default [{ over: 0, addPercent: 50 }, { over: threshold, addPercent: 100 }] */
            steps: z.array(z.object({ over: z.number(), addPercent: z.number() }).strict()).optional(),
            /** Seconds between step scale-outs. @default 60 */
            cooldownSeconds: z.number().optional(),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();

export const databaseSchema = z
  .object({
    /** RDS instance class, e.g. `db.t4g.micro`. */
    instanceClass: z.string(),
    /** Initial storage in GiB, 20-65536 (gp3). */
    allocatedStorage: z.number(),
    /** Storage autoscaling ceiling in GiB, at least allocatedStorage. @default 5 x allocatedStorage */
    maxAllocatedStorage: z.number().optional(),
    /** PostgreSQL engine version: a major (at least MIN_POSTGRES_MAJOR, modules/database/engine-version.ts) or major.minor. @default '17' */
    engineVersion: z.string().default(DEFAULT_POSTGRES_VERSION),
    /** Automated backup retention in days, 7-35. @default 14 in production, 7 elsewhere */
    backupRetentionDays: z.number().optional(),
    /** Read replicas: 0 (RDS cannot replicate an instance whose master password it manages). @default 0 */
    readReplicas: z.number().default(0),
    /** Name of the application database: a letter, then lowercase letters, digits, underscores (not a PostgreSQL system database). @default 'helloapi' */
    databaseName: z.string().default('helloapi'),
    /** Master user name; never the engine default `postgres` or another reserved or guessable name (RESERVED_MASTER_USERNAMES). @default 'helloapi_admin' */
    masterUsername: z.string().default('helloapi_admin'),
    /** Daily backup window, `hh24:mi-hh24:mi` UTC, at least 30 minutes, apart from the maintenance window. @default '03:00-04:00' */
    backupWindow: z.string().optional(),
    /** Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC, at least 30 minutes. @default 'sun:04:30-sun:05:30' */
    maintenanceWindow: z.string().optional(),
    /** Statements running at least this many milliseconds are logged (`log_min_duration_statement`); -1 turns it off. @default 1000 */
    slowStatementThresholdMs: z.number().optional(),
  })
  .strict();

export const edgeSchema = z
  .object({
    /** Requests per client IP per window before WAF blocks. @default 1000 */
    rateLimit: z.number().int().min(WAF_RATE_LIMIT_RANGE.min, `rateLimit must be ${WAF_RATE_LIMIT_RANGE.min}-${WAF_RATE_LIMIT_RANGE.max}`).max(WAF_RATE_LIMIT_RANGE.max).default(1000),
    /** The WAF rate-limit evaluation window in seconds. @default 300 */
    rateLimitWindowSeconds: z.union([z.literal(60), z.literal(120), z.literal(300), z.literal(600)], { errorMap: () => ({ message: 'must be 60, 120, 300 or 600' }) }).default(300),
    /** Tighter per-path limits, e.g. on the token endpoint. */
    pathRateLimits: z
      .array(z.object({ path: z.string().regex(new RegExp(URL_PATH_PATTERN), 'must be an absolute URL path'), limit: z.number().int().min(WAF_RATE_LIMIT_RANGE.min).max(WAF_RATE_LIMIT_RANGE.max) }).strict())
      .default([]),
    /** Client CIDRs always allowed through WAF. */
    ipAllowList: z.array(z.string()).default([]),
    /** Client CIDRs always blocked by WAF. */
    ipDenyList: z.array(z.string()).default([]),
    /** ALB idle timeout in seconds. @default 60 */
    idleTimeoutSeconds: z
      .number()
      .int()
      .min(ALB_IDLE_TIMEOUT_RANGE.min, `idleTimeoutSeconds must be ${ALB_IDLE_TIMEOUT_RANGE.min}-${ALB_IDLE_TIMEOUT_RANGE.max}`)
      .max(ALB_IDLE_TIMEOUT_RANGE.max, `idleTimeoutSeconds must be ${ALB_IDLE_TIMEOUT_RANGE.min}-${ALB_IDLE_TIMEOUT_RANGE.max}`)
      .default(60),
    /**
     * Content-Security-Policy the ALB and CloudFront force on every response, e.g. `default-src 'none'; frame-ancestors 'none'` for a JSON-only API.
     * @default none (Django's admin and browsable API need scripts and styles; the app sets its own)
     */
    contentSecurityPolicy: z.string().regex(/^[^\r\n]{1,4096}$/, 'must be a single line of at most 4096 characters').optional(),
    /**
     * AWS managed WAF rules switched to count-only, by group, e.g. `{ AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] }` for bodies over 8 KB.
     * @default {}
     */
    wafCountRules: z
      .record(
        z.enum(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesAmazonIpReputationList']),
        z.array(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a managed rule name such as SizeRestrictions_BODY')).min(1, 'list at least one rule'),
      )
      .default({}),
    /**
     * AWS managed rule groups added after the default four, e.g. `['AWSManagedRulesLinuxRuleSet']`;
     * start a new one in count mode (`wafRuleModes`) and watch its metrics before it blocks.
     * @default []
     */
    extraWafManagedRuleGroups: z.array(z.enum(OPTIONAL_MANAGED_RULE_GROUP_NAMES)).default([]),
    /**
     * Staged WAF rollout: `count` (observe only) or `block` per rule, keyed by the rule's name in the web ACL:
     * a managed group (`AWSManagedRulesSQLiRuleSet`, ...; the whole group counts), `rate-limit-per-ip`,
     * `rate-limit-path-<i>` (index into pathRateLimits), `ip-deny-list`. Unknown names are an error.
     * In production a counting rule fails policy HAPI-WAF-08 unless suppressed with a reason.
     * @default {} (every rule blocks)
     */
    wafRuleModes: z.record(z.string(), z.enum(['count', 'block'])).default({}),
    /** CloudFront price class (which edge locations serve the API). @default 'PriceClass_100' */
    cloudFrontPriceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).default('PriceClass_100'),
    /**
     * ID of CloudFront's origin-facing managed prefix list in `account.region`, the only source the internal ALB admits
     * behind CloudFront; needed only for a region missing from the edge layer's table (CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).
     * @default the table's entry for the region
     */
    cloudFrontOriginPrefixListId: z.string().regex(/^pl-[0-9a-f]{8,17}$/, 'must be a prefix-list ID (pl- and 8 to 17 hex digits)').optional(),
  })
  .strict();

export const monitoringSchema = z
  .object({
    /** Email addresses subscribed to the alert topic. */
    alarmEmails: z.array(z.string().regex(EMAIL, 'must be an email address')).default([]),
    /** HTTPS endpoints (e.g. a chat webhook relay) subscribed to the alert topic. */
    alarmHttpsEndpoints: z.array(z.string()).default([]),
    /**
     * CloudWatch Logs filter pattern that counts failed logins in the app log.
     * @default '{ $.event = "login_failed" }' (the app logs `{"event": "login_failed", ...}`; see modules/monitoring/README.md)
     */
    failedLoginPattern: z.string().min(1).optional(),
    /** Alarm threshold overrides; each defaults to the monitoring layer's documented value (modules/monitoring/alarms.ts). */
    thresholds: z
      .object({
        /** ALB target 5xx, percent of requests. @default 5 */
        targetErrorRatePercent: z.number().optional(),
        /** ALB-generated 5xx, percent of requests. @default 5 */
        elbErrorRatePercent: z.number().optional(),
        /** Requests per 5 minutes below which error rates read 0. @default 20 */
        errorRateMinRequests: z.number().optional(),
        /** p99 target response time, seconds. @default 2 */
        p99LatencySeconds: z.number().optional(),
        /** Unhealthy targets tolerated. @default 0 */
        unhealthyHosts: z.number().optional(),
        /** ECS service CPU, percent. @default 85 */
        ecsCpuPercent: z.number().optional(),
        /** ECS service memory, percent. @default 85 */
        ecsMemoryPercent: z.number().optional(),
        /** RDS CPU, percent. @default 80 */
        rdsCpuPercent: z.number().optional(),
        /** RDS free storage floor, GiB. @default 5 */
        rdsFreeStorageGiB: z.number().optional(),
        /** RDS freeable memory floor, MiB. @default 128 */
        rdsFreeableMemoryMiB: z.number().optional(),
        /** RDS connections ceiling. @default 80 */
        rdsConnections: z.number().optional(),
        /** WAF blocked requests per 5 minutes. @default 500 */
        wafBlockedRequests: z.number().optional(),
        /** Failed logins per 5 minutes (the security guide's alarm). @default 10 */
        failedLogins: z.number().optional(),
      })
      .strict()
      .default({}),
    /**
     * Subscribe this environment's alarm subscribers to its account baseline's findings topic, where GuardDuty
     * (severity >= 7) and new CRITICAL/HIGH Security Hub findings go, once per account. @default true
     */
    securityFindingAlerts: z.boolean().default(true),
  })
  .strict();

/**
 * The account baseline (`<app>-account-<label>`): environments sharing a label must declare the same
 * settings (validated), since they describe one set of account-wide resources.
 */
export const accountBaselineSchema = z
  .object({
    cloudTrail: z
      .object({
        /** Create the multi-region trail (off only where an organization trail covers the account). @default true */
        enabled: z.boolean().default(true),
        /** Retention of the trail's CloudWatch log group, days. @default 365 */
        logRetentionDays: z.number().default(365),
      })
      .strict()
      .default({}),
    guardDuty: z
      .object({
        /** Create the GuardDuty detector (off where a delegated administrator manages it). @default true */
        enabled: z.boolean().default(true),
        /** S3 Protection (S3_DATA_EVENTS). @default true */
        s3DataEvents: z.boolean().default(true),
        /** RDS Protection (RDS_LOGIN_EVENTS). @default true */
        rdsLoginEvents: z.boolean().default(true),
        /**
         * Runtime Monitoring (RUNTIME_MONITORING). With ecsFargateAgentManagement, the compute layer of every environment
         * of the account lets its task execution role pull the agent sidecar, from the region's GuardDuty agent repository
         * (known for the regions of GUARDDUTY_FARGATE_AGENT_ACCOUNTS only); `false` turns that pull and the region rule off.
         * With `enabled: false` it says what the delegated administrator's detector does. @default true
         */
        runtimeMonitoring: z.boolean().default(true),
        /**
         * GuardDuty manages its agent sidecar on ECS Fargate (ECS_FARGATE_AGENT_MANAGEMENT). `false`, like runtimeMonitoring:
         * false, means no agent in the Fargate tasks: the compute layer neither pulls it nor needs the region's repository.
         * @default true
         */
        ecsFargateAgentManagement: z.boolean().default(true),
      })
      .strict()
      .default({}),
    securityHub: z
      .object({
        /** Enable Security Hub (off where a delegated administrator manages it). @default true */
        enabled: z.boolean().default(true),
        /** Standards to subscribe to. @default ['aws-foundational-security-best-practices', 'cis-3.0.0'] */
        standards: z.array(z.enum(['aws-foundational-security-best-practices', 'cis-1.4.0', 'cis-3.0.0'])).default(['aws-foundational-security-best-practices', 'cis-3.0.0']),
      })
      .strict()
      .default({}),
    config: z
      .object({
        /** Create the AWS Config recorder and delivery channel (one per account and region). @default true */
        enabled: z.boolean().default(true),
        /** Record global resource types (IAM) in this region. @default true */
        includeGlobalResourceTypes: z.boolean().default(true),
        /** Recording frequency. @default 'CONTINUOUS' */
        recordingFrequency: z.enum(['CONTINUOUS', 'DAILY']).default('CONTINUOUS'),
      })
      .strict()
      .default({}),
  })
  .strict();

const s3StateSchema = z
  .object({
    backend: z.literal('s3'),
    /** State bucket name (created by the `<app>-state` stack). */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
    /** Region of the state bucket. @default the environment's region */
    region: region().optional(),
    /** Optional DynamoDB lock table, on top of S3-native locking. */
    dynamodbTable: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name').optional(),
    /** Account that owns the state bucket and the state key (often a shared-services account). @default the environment's account */
    accountId: accountId().optional(),
    /**
     * Role in the state account that the backend assumes for state access (`assume_role`). Required when
     * `accountId` differs from `account.id`; roles are per environment, one account may assume each.
     */
    roleArn: roleArn().optional(),
    /**
     * KMS key (ARN or alias ARN) the backend encrypts state with.
     * @default the state key's alias ARN, `arn:<partition>:kms:<state region>:<state account>:alias/<app>-state/terraform-state`
     */
    kmsKeyId: z.string().min(1, 'must be a KMS key ARN or alias ARN').optional(),
  })
  .strict();
const hcpStateSchema = z
  .object({
    backend: z.literal('hcp'),
    organization: z.string().min(1),
    /** Workspace name. @default `<app>-<env>` */
    workspace: z.string().min(1).optional(),
    hostname: z.string().default('app.terraform.io'),
  })
  .strict();
const localStateSchema = z.object({ backend: z.literal('local') }).strict();

export const stateSchema = z.discriminatedUnion('backend', [s3StateSchema, hcpStateSchema, localStateSchema], {
  errorMap: (issue, ctx) =>
    issue.code === 'invalid_union_discriminator' ? { message: 'backend must be "s3", "hcp" or "local"' } : { message: ctx.defaultError },
});

export const suppressionSchema = z
  .object({
    /** The rule ID, e.g. `HAPI-WAF-01`. */
    rule: z.string().min(1),
    /** Terraform address the suppression is limited to; all resources when omitted. */
    resource: z.string().optional(),
    /**
     * The shared stack it applies to (`<app>-state` or `<app>-account-<label>`).
     * @default this environment's own stack
     */
    stack: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a stack name such as helloapi-state').optional(),
    reason,
  })
  .strict();

export const policySchema = z
  .object({
    /** Treat policy errors as synth failures. @default true in production, false elsewhere */
    failOnError: z.boolean().optional(),
    suppressions: z.array(suppressionSchema).default([]),
  })
  .strict();

const relaxationsShape = Object.fromEntries(RELAXATION_NAMES.map((n) => [n, z.object({ reason }).strict().optional()])) as Record<
  RelaxationName,
  z.ZodOptional<z.ZodObject<{ reason: typeof reason }, 'strict'>>
>;

/**
 * The longest `app`: the account baseline's stack name `<app>-account-<label>` must fit its layer's limit
 * (ACCOUNT_BASELINE_MAX_NAME_LENGTH, 24) with a label of at least one character.
 */
export const APP_MAX_LENGTH = ACCOUNT_BASELINE_MAX_NAME_LENGTH - '-account-'.length - 1;

export const environmentSchema = z
  .object({
    /** Application name; prefixes stacks and resources. @default 'helloapi' */
    app: z
      .string()
      .regex(NAME, 'must be lowercase letters, digits and hyphens, starting with a letter')
      .max(APP_MAX_LENGTH, `must be at most ${APP_MAX_LENGTH} characters (the account baseline's stack name <app>-account-<label> must fit ${ACCOUNT_BASELINE_MAX_NAME_LENGTH})`)
      .default('helloapi'),
    /** Environment name (the file name without extension). */
    name: z.string().regex(NAME, 'must be lowercase letters, digits and hyphens, starting with a letter').max(12, 'must be at most 12 characters'),
    /** Whether this is a production environment: production refuses most relaxations. */
    production: z.boolean({ required_error: 'production must be set to true or false' }),
    account: z
      .object({
        /** 12-digit AWS account ID. */
        id: accountId(),
        /** AWS region, e.g. `us-east-1`. */
        region: region(),
        /** Label of the account baseline stack (`<app>-account-<label>`) that covers this account. @default 'main' */
        baseline: z.string().regex(NAME, 'must be lowercase letters, digits and hyphens').max(16, 'must be at most 16 characters').default('main'),
      })
      .strict(),
    network: networkSchema,
    dns: dnsSchema,
    compute: computeSchema,
    database: databaseSchema,
    edge: edgeSchema.default({}),
    monitoring: monitoringSchema.default({}),
    /** Settings of the account baseline stack this environment's `account.baseline` label names. */
    accountBaseline: accountBaselineSchema.default({}),
    /** Retention of application, database and WAF logs, and of the VPC flow logs unless `network.flowLogRetentionDays` is set. @default 365 (30 with the shortLogRetention relaxation) */
    logRetentionDays: z.number().optional(),
    state: stateSchema,
    /** Tags added to every resource, on top of Project, Environment and ManagedBy. */
    tags: z.record(z.string().regex(/^[\w .:/=+@-]{1,128}$/, 'tag keys: 1-128 characters'), z.string().max(256, 'tag values: at most 256 characters')).default({}),
    /** Weakened secure defaults, each with a reason. */
    relaxations: z.object(relaxationsShape).strict().default({}),
    policy: policySchema.default({}),
  })
  .strict();

/** What an environment file declares (defaults not yet applied). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** The parsed file (zod defaults applied). */
export type ParsedEnvironment = z.output<typeof environmentSchema>;
