"""
bench/proc-sampler.py OUT: samples /proc every second until SIGTERM/SIGINT, then writes to OUT the CPU seconds
(user + system) of every process that ran, summed by kind (terraform, provider, cdktf CLI, emulator, jest, ...), and
the utilization of all CPUs per 10 s. Used beside `node bench/apply.js` (bench/README.md, session 9):

    python3 bench/proc-sampler.py /tmp/sample.txt & node bench/apply.js; kill %1

A process alive at the start counts from its CPU then; a kind is decided by the command line first seen.
"""
import os, time, signal, sys, collections, re
HZ = os.sysconf('SC_CLK_TCK')
last = {}   # pid -> (kind, cpu)
base = {}   # pid -> cpu at first sight, for processes alive at the start
first = True
dead = collections.Counter()
util = []
def kind(cmd):
    if 'cdktf' in cmd and 'node' in cmd: return 'cdktf-cli'
    if 'terraform-provider-aws' in cmd: return 'provider'
    if cmd.startswith('/usr/local/bin/terraform') or cmd.startswith('terraform'): return 'terraform'
    if 'emulator/server.py' in cmd or 'moto' in cmd: return 'emulator'
    if 'jest' in cmd: return 'jest'
    if '/aws ' in cmd or cmd.startswith('aws ') or 'bin/aws' in cmd: return 'aws-cli'
    if 'python' in cmd: return 'python-other'
    if 'node' in cmd: return 'node-other'
    return 'other:' + cmd.split(' ')[0][-20:]
stop = False
def h(*a):
    global stop; stop = True
signal.signal(signal.SIGTERM, h); signal.signal(signal.SIGINT, h)
def stat():
    with open('/proc/stat') as f: v = list(map(int, f.readline().split()[1:]))
    return sum(v), v[3] + v[4]
t0 = time.time(); tot0, idle0 = stat()
while not stop:
    seen = {}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            with open(f'/proc/{p}/stat') as f: s = f.read()
            fields = s[s.rindex(')') + 2:].split()
            cpu = (int(fields[11]) + int(fields[12])) / HZ
            with open(f'/proc/{p}/cmdline', 'rb') as f: cmd = f.read().replace(b'\0', b' ').decode(errors='replace')
        except Exception: continue
        if not cmd: continue
        if first: base[int(p)] = cpu
        k = last.get(int(p), (kind(cmd), 0))[0]
        seen[int(p)] = (k, cpu - base.get(int(p), 0))
    for pid, (k, cpu) in last.items():
        if pid not in seen: dead[k] += cpu
    last = seen
    first = False
    tot, idle = stat()
    util.append((time.time() - t0, 1 - (idle - idle0) / max(1, tot - tot0)))
    tot0, idle0 = tot, idle
    time.sleep(1)
for pid, (k, cpu) in last.items(): dead[k] += cpu
out = sys.argv[1]
with open(out, 'w') as f:
    for k, v in dead.most_common(): f.write(f'{k}\t{v:.1f}\n')
    f.write('# utilization per 10 s (fraction of all CPUs)\n')
    for i in range(0, len(util), 10):
        chunk = util[i:i+10]
        f.write(f'{chunk[0][0]:6.0f} {sum(u for _, u in chunk)/len(chunk):.2f}\n')
