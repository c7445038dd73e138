/**
 * Synth speed: two cdktf behaviours that cost time on every synth (and every
 * test that synthesizes) without changing what is synthesized. Measured with
 * `npm run bench` (see bench/README.md).
 *
 * 1. Token creation stack traces. cdktf captures a complete stack trace (no
 *    depth limit, formatted to strings) every time it creates a token: every
 *    attribute reference such as `vpc.id`, every Lazy value, dynamic block and
 *    computed list. The traces are read only to decorate the error message of a
 *    token that fails to resolve. `App({ stackTraces: false })` does not turn
 *    them off. Under jest, whose stack formatting maps every frame through
 *    source maps, they are the largest single cost of the unit tests.
 * 2. `terraform version` per construct. cdktf adds a ValidateTerraformVersion
 *    validation to every `terraform_data` resource (DataResource), import block
 *    and stack with moved blocks, and each one runs `terraform version` in a
 *    child process during synth (80-250 ms each on a 2-core machine). The answer
 *    cannot change within a process, so each distinct check runs once and its
 *    result (including a failure) is reused.
 *
 * `enableFastSynth()` is process-wide and idempotent. Set
 * `HELLOAPI_TOKEN_STACK_TRACES=1` to keep token creation traces when debugging
 * a token that does not resolve.
 */

/** cdktf/lib/tokens/private/stack-trace: called through the module object, so replacing the export takes effect. */
interface StackTraceModule {
  captureStackTrace(below?: unknown): string[];
}

/** cdktf/lib/validations/validate-binary-version */
interface BinaryVersionValidation {
  readonly versionCommand: string;
  readonly versionConstraint: string;
  readonly hint?: string;
  validate(): string[];
}
interface BinaryVersionModule {
  ValidateBinaryVersion: { prototype: BinaryVersionValidation };
}

/** What enableFastSynth() changed. */
export interface FastSynthState {
  /** Token creation stack traces are still captured (HELLOAPI_TOKEN_STACK_TRACES=1). */
  readonly tokenStackTraces: boolean;
  /** Binary version checks run once per process. */
  readonly versionChecksOnce: boolean;
}

const PATCHED = Symbol.for('helloapi.fastSynth');

/** Turns off token creation stack traces and runs each binary version check once per process. */
export function enableFastSynth(env: NodeJS.ProcessEnv = process.env): FastSynthState {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as StackTraceModule & { [PATCHED]?: boolean };
  const binaryVersion = require('cdktf/lib/validations/validate-binary-version') as BinaryVersionModule;
  /* eslint-enable @typescript-eslint/no-require-imports */

  const keepTraces = env.HELLOAPI_TOKEN_STACK_TRACES === '1' || env.HELLOAPI_TOKEN_STACK_TRACES === 'true';
  if (!keepTraces && !stackTrace[PATCHED]) {
    stackTrace.captureStackTrace = () => [];
    stackTrace[PATCHED] = true;
  }

  const proto = binaryVersion.ValidateBinaryVersion.prototype as BinaryVersionValidation & { [PATCHED]?: boolean };
  if (!proto[PATCHED]) {
    const original = proto.validate;
    const results = new Map<string, string[]>();
    proto.validate = function validate(this: BinaryVersionValidation): string[] {
      const key = [this.versionCommand, this.versionConstraint, this.hint ?? ''].join('\u0000');
      let result = results.get(key);
      if (result === undefined) {
        result = original.call(this);
        results.set(key, result);
      }
      return [...result];
    };
    proto[PATCHED] = true;
  }
  return { tokenStackTraces: stackTrace[PATCHED] !== true, versionChecksOnce: true };
}
