'use strict';
/** Every proposed change together: fast-synth (token stack traces off, one version check) + skip-prepare. */
require('./fast-synth');
require('./skip-prepare');
