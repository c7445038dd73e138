'use strict';
/**
 * Variant for `node bench/run.js --ours-node-options "-r ./bench/variants/skip-prepare.js"`:
 * skips cdktf's prepare pass (TerraformStack.prepareStack), keeping only its
 * ensureBackendExists() part.
 *
 * App.synth() first calls prepareStack() on every stack, which resolves every
 * element of the stack once in "preparing" mode; the only thing that mode does
 * (cdktf 0.21: tfExpression.js Reference.resolve) is discover cross-stack
 * references and add the outputs/remote-state they need. Our stacks never
 * reference each other, so the pass is a full extra resolve of everything,
 * about 30% of synth time. Output verified byte-identical (bench/README.md).
 * In the product this belongs in the stack classes as an override
 * (prepareStack and ensureBackendExists are public API), not a global patch.
 */
const path = require('path');
const { TerraformStack } = require(require.resolve('cdktf', { paths: [path.resolve(__dirname, '..', '..')] }));
TerraformStack.prototype.prepareStack = function prepareStack() {
  this.ensureBackendExists();
};
