'use strict';
/** Both variants together: no token creation stack traces + one binary version check per process. */
require('./no-token-stacks');
require('./memo-binary-version');
