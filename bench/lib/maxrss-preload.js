'use strict';
/**
 * Fallback peak-RSS probe when /usr/bin/time is not installed: preloaded with
 * `node -r`, it writes process.resourceUsage().maxRSS (KiB) to $BENCH_MAXRSS_FILE
 * and its user and system CPU seconds when the process exits.
 */
const fs = require('fs');
const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      fs.writeFileSync(file, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`);
    } catch {
      // best effort
    }
  });
}
