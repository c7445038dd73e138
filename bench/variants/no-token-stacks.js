'use strict';
/**
 * Variant for `node bench/run.js --ours-node-options "-r ./bench/variants/no-token-stacks.js"`:
 * measures our synth without cdktf's per-token creation stack traces.
 *
 * cdktf captures a full, unlimited-depth stack trace (Error.captureStackTrace with
 * stackTraceLimit = MAX_SAFE_INTEGER, then formatted and split) every time it
 * creates a token: every attribute reference (`vpc.id`), Lazy value, dynamic block
 * and computed list. The traces are only ever read to decorate an error message
 * when a token fails to resolve. App({ stackTraces: false }) does not turn them off.
 */
const path = require('path');
const st = require(require.resolve('cdktf/lib/tokens/private/stack-trace', { paths: [path.resolve(__dirname, '..', '..')] }));
st.captureStackTrace = () => [];
