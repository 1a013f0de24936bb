#!/usr/bin/env python3
# What kbs-cluster.sh proves, from the guests' log (kbs-cluster-load.py) and the audit log
# (`sevkit kbs audit --json`):
#   kbs-cluster-check.py LOG AUDIT START KILL RESTART
# START, KILL, RESTART: the times (Unix seconds) the load began, a replica was killed, and
# the database was restarted. Prints one line per check; exits 1 if any fails.
import collections
import json
import sys

log = [json.loads(line) for line in open(sys.argv[1])]
audit = json.load(open(sys.argv[2]))
start, kill, restart = (float(x) for x in sys.argv[3:6])
failed = []


def check(ok, what):
    print('%s %s' % ('ok  ' if ok else 'FAIL', what))
    if not ok:
        failed.append(what)


def status(r, step):
    return [s[1] for s in r['steps'] if s[0] == step]


by_kind = collections.Counter(r['kind'] for r in log)
print('rounds: %d (%s)' % (len(log), ', '.join('%s %d' % kv for kv in sorted(by_kind.items()))))

# every nonce consumed at most once: no session attested twice, no replay accepted
attested = collections.Counter(a['session'] for a in audit if a['verdict'] == 'attested')
check(all(n == 1 for n in attested.values()), 'no session has two "attested" audit rows')
replays = [r for r in log if r['kind'] == 'replay' and status(r, 'replay')]
check(replays and all(s[1] != 200 for r in replays for s in r['steps'] if s[0] == 'replay'),
      '%d replayed nonces, none accepted' % len(replays))
check(all('nonce already used' in s[2]
          for r in replays for s in r['steps'] if s[0] == 'replay' and s[1] == 401),
      'every refused replay says "nonce already used"')

# every secret a guest received has exactly one "released" row, for its session and path
released = collections.Counter((a['session'], a['resource']) for a in audit
                               if a['verdict'] == 'released')
got = [r for r in log if r['got'] != 'none']
check(got and all(released[(r['session'], 'default/key/disk')] == 1 for r in got),
      '%d secrets received, each with exactly one "released" audit row' % len(got))
check(all(n == 1 for n in released.values()), 'no session and path released twice')
check(all(r['got'] == 'secret' for r in got), 'every secret received decrypts to the secret')

# no guest got what it should not have
check(not [r for r in log if r['kind'] == 'bad-evidence' and 200 in status(r, 'attest')],
      'no report signed by another key was accepted')
check(not [r for r in log if r['kind'] == 'wrong-policy' and r['got'] != 'none'],
      'no guest got a resource whose policy it fails')
check(all(a['resource'] == 'default/key/disk' for a in audit if a['verdict'] == 'released'),
      'only default/key/disk was ever released')

# every refusal has its reason: in the audit log and in the answer
check(all(a['reason'] for a in audit if a['verdict'] in ('refused', 'rejected')),
      'every refused or rejected audit row has a reason')
answers = [s for r in log for s in r['steps'] if 400 <= s[1] < 600]
check(all(s[2] for s in answers), 'every 4xx/5xx answer (%d) has a problem detail'
      % len(answers))
wrong = [r for r in log if r['kind'] == 'wrong-policy' and 403 in status(r, 'resource')]
refusals = [a for a in audit if a['verdict'] == 'refused' and a['resource'] == 'default/key/other']
unnamed = sorted({a['reason'] for a in refusals if 'policy other' not in a['reason']})
check(wrong and len(refusals) >= len(wrong) and not unnamed,
      'every policy refusal (%d, audit rows %d) has its "refused" audit row naming the policy%s'
      % (len(wrong), len(refusals), ''.join('; not: ' + u for u in unnamed)))
bad = [r for r in log if r['kind'] == 'bad-evidence' and 401 in status(r, 'attest')]
rejected = {a['session'] for a in audit if a['verdict'] == 'rejected'}
check(bad and all(r['session'] in rejected for r in bad),
      'every bad report (%d) has its "rejected" audit row' % len(bad))


# throughput returned after each fault: secrets received per second in three windows
def rate(lo, hi):
    return sum(1 for r in got if lo <= r['t'] - start < hi) / (hi - lo)


k, p = kill - start, restart - start
w = [rate(2, k - 1), rate(k + 2, p - 1), rate(p + 2, p + 8)]
print('secrets per second: before the kill %.1f, after it %.1f, after the database restart %.1f'
      % tuple(w))
check(w[0] > 0 and w[1] >= 0.3 * w[0], 'throughput after the kill is at least 30 % of before')
check(w[0] > 0 and w[2] >= 0.3 * w[0],
      'throughput after the database restart is at least 30 % of before')
sys.exit(1 if failed else 0)
