#!/usr/bin/env python3
# Simulated guests for the broker cluster test (kbs-cluster.sh), written apart from sevkit:
#   kbs-cluster-load.py URL SECRET SECONDS THREADS LOG
# THREADS guests loop for SECONDS through the load balancer at URL, each round one of:
#   good         auth, attest, resource default/key/disk: the JWE decrypted (jwcrypto) with
#                the guest's own key must give SECRET
#   replay       auth, attest, then attest again on the spent nonce with a fresh report: the
#                second must be refused ("nonce already used")
#   bad-evidence a report signed by a key that is not the VCEK's: refused
#   wrong-policy auth, attest, resource default/key/other, whose policy the guest fails: 403
# One JSON line per round to LOG: time, kind, session, the (step, status, detail) of each
# request, and what it got: "secret" (decrypted and equal), "wrong-secret", or "none".
# A request that gets no HTTP answer is recorded with status 0.
import http.client
import importlib.util
import json
import os
import sys
import threading
import time

from cryptography.hazmat.primitives.asymmetric import ec
from jwcrypto import jwe, jwk

spec = importlib.util.spec_from_file_location(
    'guest', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'kbs-guest.py'))
guest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(guest)

KINDS = ['good'] * 7 + ['replay', 'bad-evidence', 'wrong-policy']


def detail(data):
    try:
        return json.loads(data).get('detail', '')
    except ValueError:
        return data[:120].decode(errors='replace')


class Round:
    def __init__(self, b, kind):
        self.b, self.kind, self.steps, self.session, self.got = b, kind, [], None, 'none'

    def call(self, step, method, path, body=None, cookie=None):
        try:
            st, data, sc = self.b.call(method, path, body, cookie=cookie)
        except (http.client.HTTPException, OSError) as e:
            self.steps.append((step, 0, type(e).__name__))
            return 0, b'', ''
        self.steps.append((step, st, '' if st == 200 else detail(data)))
        return st, data, sc

    def auth(self):
        st, data, sc = self.call('auth', 'POST', '/kbs/v0/auth',
                                 {'version': '0.4.0', 'tee': 'snp', 'extra-params': {}})
        if st != 200:
            return None
        self.session = sc.split(';')[0].split('=', 1)[1]
        return json.loads(data)['nonce']

    def attest(self, nonce, pub, key=None, step='attest'):
        rep = guest.make_report(guest.binding(nonce, pub), key=key)
        body = {'runtime-data': {'nonce': nonce, 'tee-pubkey': pub},
                'tee-evidence': {'primary_evidence': guest.evidence(rep, guest.host_certs()),
                                 'additional_evidence': ''}}
        return self.call(step, 'POST', '/kbs/v0/attest', body, cookie=self.session)[0]

    def resource(self, path, priv, secret):
        st, data, _ = self.call('resource', 'GET', '/kbs/v0/resource/' + path,
                                cookie=self.session)
        if st == 200:
            e = jwe.JWE()
            e.deserialize(data.decode(), key=priv)
            self.got = 'secret' if e.payload == secret else 'wrong-secret'

    def run(self, secret):
        nonce = self.auth()
        if nonce is None:
            return
        priv = jwk.JWK.generate(kty='EC', crv='P-256')
        pub = json.loads(priv.export_public())
        pub = {k: pub[k] for k in ('crv', 'kty', 'x', 'y')}
        if self.kind == 'bad-evidence':
            self.attest(nonce, pub, key=ec.generate_private_key(ec.SECP384R1()))
            return
        if self.attest(nonce, pub) != 200:
            return
        if self.kind == 'replay':
            self.attest(nonce, pub, step='replay')
        else:
            path = 'default/key/other' if self.kind == 'wrong-policy' else 'default/key/disk'
            self.resource(path, priv, secret)

    def record(self):
        return {'t': time.time(), 'kind': self.kind, 'session': self.session,
                'steps': self.steps, 'got': self.got}


def worker(url, secret, deadline, n, log, lock):
    b = guest.Broker(url)
    i = n
    while time.time() < deadline:
        r = Round(b, KINDS[i % len(KINDS)])
        i += 1
        r.run(secret)
        with lock:
            log.write(json.dumps(r.record()) + '\n')
            log.flush()


def main():
    url, secret, secs, threads, path = sys.argv[1:6]
    secret = open(secret, 'rb').read()
    deadline = time.time() + float(secs)
    lock = threading.Lock()
    with open(path, 'w') as log:
        ts = [threading.Thread(target=worker, args=(url, secret, deadline, n * 3, log, lock))
              for n in range(int(threads))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()


main()
