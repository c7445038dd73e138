/**
 * Longest suites first, so that the 2 workers of this machine finish together.
 *
 * Jest's default order on a fresh clone (no timing cache, as in CI) is by file size, which puts the
 * short file that plans every stack near the end: the run then waits ~90 s on one worker. Here
 * Terraform suites (minutes of CPU between them) go before the unit suites (seconds each), and
 * within each group a suite runs earlier the longer it took: Jest's own timing cache when it has
 * one, otherwise the seconds measured on this machine below (they order suites, nothing asserts
 * them), otherwise file size.
 */
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Seconds each Terraform suite took in a run here (bench/README.md, "Test suite"), rounded; a quiet 2-CPU machine.
 * The joint fixture plan (support/layer-fixtures.ts) is computed by the first of its eight files to ask and read by
 * the others: compute.tf.test.ts carries its time and goes early, the seven readers run after every other Terraform
 * suite (listed or not), when the plan is long done (a reader that starts earlier just waits for it).
 */
const MEASURED_SECONDS = {
  // CI's run of main 5c2f190 (2 workers, session 8 brief); the joint plan's readers keep 1 (they only read it).
  '__tests__/modules/terraform-test.tf.test.ts': 113,
  '__tests__/foundation/offline-plan.tf.test.ts': 100,
  '__tests__/modules/hcl-modules.tf.test.ts': 58,
  '__tests__/foundation/jest-setup.tf.test.ts': 37,
  '__tests__/compute/compute.tf.test.ts': 35,
  '__tests__/consumers/ts-consumer.tf.test.ts': 29,
  '__tests__/compute/secret-gate.tf.test.ts': 21,
  '__tests__/review/digest.tf.test.ts': 21,
  '__tests__/modules/release.tf.test.ts': 11,
  '__tests__/review/plan-fixture.tf.test.ts': 10,
  '__tests__/config/regions.tf.test.ts': 8,
  '__tests__/modules/hcl-validations.tf.test.ts': 4,
  '__tests__/database/terraform-module.tf.test.ts': 3,
  '__tests__/database/database.tf.test.ts': 1,
  '__tests__/edge/edge.tf.test.ts': 1,
  '__tests__/monitoring/monitoring.tf.test.ts': 1,
  '__tests__/monitoring/terraform-module.tf.test.ts': 1,
  '__tests__/network/network-plan.tf.test.ts': 1,
  '__tests__/account-baseline/baseline.tf.test.ts': 1,
};

/**
 * The unit files that take longest (seconds in CI's run, session 8; bench/README.md "Unit suites" for the CPU): they go
 * first among the unit files on a fresh clone, where Jest would order them by file size and could start a 20-second
 * file last, leaving the other worker idle at the end. Unlisted unit files follow, as before (cache, then size).
 */
const UNIT_MEASURED_SECONDS = {
  '__tests__/foundation/cdktf-cli.test.ts': 22,
  '__tests__/foundation/cli.test.ts': 11,
  '__tests__/api/public-api.test.ts': 9,
  '__tests__/foundation/parallel-synth.test.ts': 7,
  '__tests__/structure/typecheck.test.ts': 6,
};

/** The joint fixture plan's file that goes first, so that it computes the plan (it carries the plan's time above). */
const JOINT_PLAN_COMPUTING = '__tests__/compute/compute.tf.test.ts';

/** The files of the joint fixture plan (__tests__/support/layer-fixtures.ts): the first computes it, the rest read it. */
const JOINT_PLAN_FILES = new Set([
  '__tests__/compute/compute.tf.test.ts',
  '__tests__/database/database.tf.test.ts',
  '__tests__/edge/edge.tf.test.ts',
  '__tests__/monitoring/monitoring.tf.test.ts',
  '__tests__/monitoring/terraform-module.tf.test.ts',
  '__tests__/network/network-plan.tf.test.ts',
  '__tests__/account-baseline/baseline.tf.test.ts',
  '__tests__/database/terraform-module.tf.test.ts',
]);

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    // The base class attaches cached durations (test.duration, ms) and fails-first information.
    const base = super.sort(tests);
    const position = new Map(base.map((t, i) => [t, i]));
    // The apply tier (minutes, mostly waiting on the provider) first, then the Terraform suites, then the rest.
    const isTerraform = (t) => /\.(tf|apply)\.test\.ts$/.test(t.path);
    const weight = (t) => {
      if (/\.apply\.test\.ts$/.test(t.path)) return 1e6 + (t.duration ?? 0) / 1000;
      const relative = path.relative(t.context.config.rootDir, t.path).split(path.sep).join('/');
      // The joint fixture plan's files: their times depend on which of them ran first (it computed, the others
      // waited), so the timing cache would put the waiters first next time, next to the computing one: the table decides.
      if (JOINT_PLAN_FILES.has(relative)) return MEASURED_SECONDS[relative];
      if (t.duration != null) return t.duration / 1000;
      return MEASURED_SECONDS[relative] ?? UNIT_MEASURED_SECONDS[relative] ?? 0;
    };
    // The files that only read the joint fixture plan: after every other Terraform suite, listed here or not.
    const isReader = (t) => {
      const relative = path.relative(t.context.config.rootDir, t.path).split(path.sep).join('/');
      return JOINT_PLAN_FILES.has(relative) && relative !== JOINT_PLAN_COMPUTING;
    };
    return [...base].sort((a, b) => {
      if (isTerraform(a) !== isTerraform(b)) return isTerraform(a) ? -1 : 1;
      if (isReader(a) !== isReader(b)) return isReader(a) ? 1 : -1;
      const w = weight(b) - weight(a);
      return w !== 0 ? w : position.get(a) - position.get(b);
    });
  }
}

module.exports = LongestFirstSequencer;
module.exports.MEASURED_SECONDS = MEASURED_SECONDS;
module.exports.UNIT_MEASURED_SECONDS = UNIT_MEASURED_SECONDS;
module.exports.JOINT_PLAN_FILES = JOINT_PLAN_FILES;
