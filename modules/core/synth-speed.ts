/**
 * Synth speed: two cdktf behaviours that cost time on every synth (and every
 * test that synthesizes) without changing what is synthesized. Measured with
 * `npm run bench` (see bench/README.md). Both rely on cdktf internals, which
 * live in ./cdktf-adapter (checked before use; on a cdktf whose internals
 * changed, the public path is used, with a warning).
 *
 * 1. Token creation stack traces. cdktf captures a complete stack trace (no
 *    depth limit, formatted to strings) every time it creates a token: every
 *    attribute reference such as `vpc.id`, every Lazy value, dynamic block and
 *    computed list. The traces are read only to decorate the error message of a
 *    token that fails to resolve. `App({ stackTraces: false })` does not turn
 *    them off. Under jest, whose stack formatting maps every frame through
 *    source maps, they are the largest single cost of the unit tests.
 * 2. `terraform version` per construct. cdktf adds a Terraform version
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
import { disableTokenStackTraces, runBinaryVersionChecksOnce, tokenStackTracesDisabled } from './cdktf-adapter';

/** What enableFastSynth() changed. */
export interface FastSynthState {
  /** Token creation stack traces are still captured (HELLOAPI_TOKEN_STACK_TRACES=1, or cdktf's public path). */
  readonly tokenStackTraces: boolean;
  /** Binary version checks run once per process (false on cdktf's public path). */
  readonly versionChecksOnce: boolean;
}

/** Turns off token creation stack traces and runs each binary version check once per process. */
export function enableFastSynth(env: Record<string, string | undefined> = process.env): FastSynthState {
  const keepTraces = env.HELLOAPI_TOKEN_STACK_TRACES === '1' || env.HELLOAPI_TOKEN_STACK_TRACES === 'true';
  const versionChecksOnce = runBinaryVersionChecksOnce(env);
  const tracesOff = keepTraces ? tokenStackTracesDisabled() : disableTokenStackTraces(env);
  return { tokenStackTraces: !tracesOff, versionChecksOnce };
}
