'use strict';
/**
 * Fallback peak-RSS probe when /usr/bin/time is not installed: preloaded with
 * `node -r`, it writes process.resourceUsage().maxRSS (KiB) to $BENCH_MAXRSS_FILE
 * when the process exits.
 */
const fs = require('fs');
const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // best effort
    }
  });
}
