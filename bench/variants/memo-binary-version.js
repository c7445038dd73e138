'use strict';
/**
 * Variant for `node bench/run.js --ours-node-options "-r ./bench/variants/memo-binary-version.js"`:
 * runs each of cdktf's binary version checks once per process instead of once per construct.
 *
 * cdktf attaches a ValidateTerraformVersion validation to every DataResource
 * (terraform_data), import block and stack with moved blocks; each one runs
 * `terraform version` in a child process (execSync) during App.synth(): one
 * process spawn (80-250 ms on this machine) per CloudFront-enabled environment.
 * The answer cannot change within a process, so the first result is reused.
 */
const path = require('path');
const root = path.resolve(__dirname, '..', '..');
const { ValidateBinaryVersion } = require(require.resolve('cdktf/lib/validations/validate-binary-version', { paths: [root] }));
const original = ValidateBinaryVersion.prototype.validate;
const memo = new Map();
ValidateBinaryVersion.prototype.validate = function validate() {
  const key = `${this.versionCommand}\u0000${this.versionConstraint}\u0000${this.hint ?? ''}`;
  if (!memo.has(key)) memo.set(key, original.call(this));
  return [...memo.get(key)];
};
