/**
 * Jest setup (jest.config.js setupFilesAfterEnv): every test file synthesizes
 * with enableFastSynth() on, as the app does. It changes no synthesized byte
 * (see __tests__/bench/synth-speed.test.ts); it removes cdktf's per-token stack
 * traces, which jest's source-mapped stack formatting makes the largest single
 * cost of the unit tests, and runs `terraform version` once per test file
 * instead of once per terraform_data resource. Measured: unit tests 78 s -> 44 s
 * of CPU (bench/README.md).
 */
import { enableFastSynth } from '../../modules/core/synth-speed';

enableFastSynth();
