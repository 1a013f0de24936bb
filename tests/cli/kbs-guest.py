#!/usr/bin/env python3
# The guest side of the key broker tests, written apart from sevkit's own code:
#   kbs-guest.py tsm-hook PATH        the fake configfs-tsm's kernel and firmware (see
#                                      kbs-fake-tsm.c): a written attribute bumps generation;
#                                      inblob makes outblob, an SNP report signed by the test
#                                      VCEK, and auxblob, the certificate table with the VCEK
#   kbs-guest.py SCENARIO URL ...     protocol runs that sevkit kbs get-resource never makes;
#                                      prints what the broker answered
#   kbs-guest.py load URL PATH LOG    attest + resource round trips until the broker goes
#                                      away; LOG gets "attested SESSION NONCE" and "released
#                                      SESSION" lines, written once the broker has answered 200
#   kbs-guest.py reattest URL SESSION NONCE   attest again on a spent nonce, fresh report
#   kbs-guest.py composite DIR PKI TEMPLATE   offline composite evidence into DIR: report.bin
#                                      binding additional.json (the test GPU's evidence) with
#                                      nonce.txt and jwk.json; other.json is another GPU's
#   kbs-guest.py gpu-* URL PATH PKI TEMPLATE  composite evidence with the test GPU of
#                                      gpu-test-evidence.py (its PKI directory, the report
#                                      TEMPLATE): see the gpu scenarios below
#   kbs-guest.py admin URL KEY HOW METHOD PATH [BODY]
#                                      one admin request with a token made as HOW says (see
#                                      admin_token) from the Ed25519 private key KEY (PEM)
# The fake's report: $FAKE_TSM_KEY (VCEK key PEM), $FAKE_TSM_VCEK (DER), $FAKE_TSM_CHIP (hex),
# $FAKE_TSM_MEAS (hex), $FAKE_TSM_POLICY (hex guest policy), $FAKE_TSM_VMPL.
import base64
import hashlib
import hmac
import importlib.util
import http.client
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

TCB = bytes([2, 0, 0, 0, 0, 0, 5, 68])  # Milan layout: bl=2 tee=0 snp=5 ucode=68
VCEK_GUID = bytes.fromhex('63da758de6644564adc5f4b93be8accd')


def env(name, default=None):
    return os.environ.get(name, default)


def make_report(report_data, vmpl=None, policy=None, key=None, measurement=None):
    r = bytearray(0x4a0)
    struct.pack_into('<IIQ', r, 0, 3, 0, policy if policy is not None else
                     int(env('FAKE_TSM_POLICY', '30000'), 16))
    struct.pack_into('<II', r, 0x30, vmpl if vmpl is not None else int(env('FAKE_TSM_VMPL', '0')), 1)
    r[0x38:0x40] = TCB                                  # current_tcb
    struct.pack_into('<Q', r, 0x40, 1)                  # platform_info: SMT enabled
    r[0x50:0x90] = report_data
    r[0x90:0xc0] = measurement or bytes.fromhex(env('FAKE_TSM_MEAS'))
    r[0x180:0x188] = TCB                                # reported_tcb
    r[0x188:0x18b] = bytes([0x19, 0x01, 0x01])          # Milan
    r[0x1a0:0x1e0] = bytes.fromhex(env('FAKE_TSM_CHIP'))
    r[0x1e0:0x1e8] = TCB                                # committed_tcb
    r[0x1e8:0x1eb] = bytes([40, 55, 1])                 # current build, minor, major
    r[0x1ec:0x1ef] = bytes([40, 55, 1])
    r[0x1f0:0x1f8] = TCB                                # launch_tcb
    k = key or serialization.load_pem_private_key(open(env('FAKE_TSM_KEY'), 'rb').read(), None)
    rr, ss = decode_dss_signature(k.sign(bytes(r[:0x2a0]), ec.ECDSA(hashes.SHA384())))
    r[0x2a0:0x2e8] = rr.to_bytes(72, 'little')
    r[0x2e8:0x330] = ss.to_bytes(72, 'little')
    return bytes(r)


ASK_GUID = bytes.fromhex('4ab7b379bbac4fe4a02f05aef327c782')
ARK_GUID = bytes.fromhex('c0b406a4a80349529743' '3fb6014cd0ae')


def host_certs():
    """The VCEK, ASK and ARK, as a host's extended report gives them."""
    return [(g, open(env(v), 'rb').read()) for g, v in
            ((VCEK_GUID, 'FAKE_TSM_VCEK'), (ASK_GUID, 'FAKE_TSM_ASK'), (ARK_GUID, 'FAKE_TSM_ARK'))]


def cert_table(certs):
    """GUID, offset, length per entry, an all-zero entry, then the certificates."""
    head, data = b'', b''
    offset = 24 * (len(certs) + 1)
    for guid, der in certs:
        head += guid + struct.pack('<II', offset + len(data), len(der))
        data += der
    return head + bytes(24) + data


def tsm_hook(path):
    entry, attr = os.path.split(path)
    gen = int(open(os.path.join(entry, 'generation')).read()) + 1
    if attr == 'inblob':
        data = open(path, 'rb').read()
        open(os.path.join(entry, 'outblob'), 'wb').write(make_report(data.ljust(64, b'\0')))
        # FAKE_TSM_NO_CERTS: a host that serves no certificates with its reports
        certs = b'' if os.environ.get('FAKE_TSM_NO_CERTS') else cert_table(host_certs())
        open(os.path.join(entry, 'auxblob'), 'wb').write(certs)
    open(os.path.join(entry, 'generation'), 'w').write('%d\n' % gen)


# ---- the evidence as trustee's serde JSON, from the report bytes (SNP ABI, Milan TCBs) ----

def tcb(b):
    return {'fmc': None, 'bootloader': b[0], 'tee': b[1], 'snp': b[6], 'microcode': b[7]}


def evidence(r, certs):
    u32 = lambda o: struct.unpack_from('<I', r, o)[0]
    u64 = lambda o: struct.unpack_from('<Q', r, o)[0]
    ints = lambda o, n: list(r[o:o + n])
    rep = {
        'version': u32(0), 'guest_svn': u32(4), 'policy': u64(8), 'family_id': ints(0x10, 16),
        'image_id': ints(0x20, 16), 'vmpl': u32(0x30), 'sig_algo': u32(0x34),
        'current_tcb': tcb(r[0x38:0x40]), 'plat_info': u64(0x40), 'key_info': u32(0x48),
        'report_data': ints(0x50, 64), 'measurement': ints(0x90, 48), 'host_data': ints(0xc0, 32),
        'id_key_digest': ints(0xe0, 48), 'author_key_digest': ints(0x110, 48),
        'report_id': ints(0x140, 32), 'report_id_ma': ints(0x160, 32),
        'reported_tcb': tcb(r[0x180:0x188]), 'cpuid_fam_id': r[0x188], 'cpuid_mod_id': r[0x189],
        'cpuid_step': r[0x18a], 'chip_id': ints(0x1a0, 64), 'committed_tcb': tcb(r[0x1e0:0x1e8]),
        'current': {'major': r[0x1ea], 'minor': r[0x1e9], 'build': r[0x1e8]},
        'committed': {'major': r[0x1ee], 'minor': r[0x1ed], 'build': r[0x1ec]},
        'launch_tcb': tcb(r[0x1f0:0x1f8]),
        'signature': {'r': ints(0x2a0, 72), 's': ints(0x2e8, 72)},
    }
    kinds = {VCEK_GUID: 'VCEK', ASK_GUID: 'ASK', ARK_GUID: 'ARK'}
    return {'attestation_report': rep,
            'cert_chain': [{'cert_type': kinds[g], 'data': list(der)} for g, der in certs]}


# ---- the protocol ---------------------------------------------------------------------------

def b64u(n, size):
    return base64.urlsafe_b64encode(n.to_bytes(size, 'big')).rstrip(b'=').decode()


def new_key():
    k = ec.generate_private_key(ec.SECP256R1())
    n = k.public_key().public_numbers()
    return {'crv': 'P-256', 'kty': 'EC', 'x': b64u(n.x, 32), 'y': b64u(n.y, 32)}


def device_nonce(nonce, jwk):
    # trustee's GPU nonce: the first 32 bytes of SHA-384 of the canonical {nonce, tee-pubkey}
    text = json.dumps({'nonce': nonce, 'tee-pubkey': jwk}, sort_keys=True, separators=(',', ':'))
    return hashlib.sha384(text.encode()).digest()[:32].hex()


def test_gpu():
    spec = importlib.util.spec_from_file_location(
        'gpu', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gpu-test-evidence.py'))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def binding(nonce, jwk, additional=''):
    # RFC 8785 of these members: ASCII strings only, so sorted compact JSON is the same text
    text = json.dumps({'additional-evidence': additional, 'nonce': nonce, 'tee-pubkey': jwk},
                      sort_keys=True, separators=(',', ':'))
    return hashlib.sha384(text.encode()).digest() + bytes(16)


class Broker:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port

    def call(self, method, path, body=None, cookie=None, token=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        h = {'Content-Type': 'application/json'}
        if cookie:
            h['Cookie'] = 'kbs-session-id=' + cookie
        if token:
            h['Authorization'] = 'Bearer ' + token
        if body is not None and not isinstance(body, str):
            body = json.dumps(body)
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        sc = r.getheader('Set-Cookie') or ''
        c.close()
        return r.status, data, sc

    def auth(self):
        st, data, sc = self.call('POST', '/kbs/v0/auth', {'version': '0.4.0', 'tee': 'snp',
                                                          'extra-params': {}})
        assert st == 200, (st, data)
        return sc.split(';')[0].split('=', 1)[1], json.loads(data)['nonce']

    def attest(self, cookie, nonce, jwk, report, additional=''):
        body = {'runtime-data': {'nonce': nonce, 'tee-pubkey': jwk},
                'tee-evidence': {'primary_evidence': evidence(report, host_certs()),
                                 'additional_evidence': additional}}
        return self.call('POST', '/kbs/v0/attest', body, cookie=cookie)


def detail(data):
    try:
        return json.loads(data).get('detail', '')
    except ValueError:
        return data[:200].decode(errors='replace')


def say(what, st, data):
    print('%s %d %s' % (what, st, detail(data) if st != 200 else ''))


# ---- admin tokens: JWS compact, alg EdDSA (RFC 8037), written here apart from sevkit ----------

def b64s(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()


def admin_token(keyfile, how):
    """good; other (signed by another key); expired; long (valid for 700 s); noexp;
    alg-none (no signature); hs256 (HMAC keyed with the public key PEM); none (no token)"""
    if how == 'none':
        return None
    now = int(time.time())
    exp = {'expired': now - 10, 'long': now + 700}.get(how, now + 300)
    claims = {'iat': now} if how == 'noexp' else {'iat': now, 'exp': exp}
    alg = {'alg-none': 'none', 'hs256': 'HS256'}.get(how, 'EdDSA')
    head = b64s(json.dumps({'alg': alg, 'typ': 'JWT'}).encode())
    text = head + '.' + b64s(json.dumps(claims).encode())
    k = serialization.load_pem_private_key(open(keyfile, 'rb').read(), None)
    if how == 'other':
        k = ed25519.Ed25519PrivateKey.generate()
    if alg == 'none':
        return text + '.'
    if alg == 'HS256':
        pub = k.public_key().public_bytes(serialization.Encoding.PEM,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)
        return text + '.' + b64s(hmac.new(pub, text.encode(), hashlib.sha256).digest())
    return text + '.' + b64s(k.sign(text.encode()))


def admin(b, args):
    keyfile, how, method, path = args[:4]
    st, data, _ = b.call(method, path, args[4] if len(args) > 4 else None,
                         token=admin_token(keyfile, how))
    if st == 200:
        print('admin 200 ' + json.dumps(json.loads(data)))
    else:
        say('admin', st, data)


def gpu_scenario(b, name, path, pki, template):
    """gpu-good: the report binds the GPU's evidence for this session, then the resource;
    gpu-swap: it binds device a's, device b's (as valid) is sent; gpu-stale: the GPU answered
    another nonce; gpu-other-kind: additional evidence of a kind the broker does not verify;
    gpu-real: a real H100 sample (TEMPLATE, with its chain in PKI) for its own old nonce"""
    g = test_gpu()
    cookie, nonce = b.auth()
    jwk = new_key()
    dn = device_nonce(nonce, jwk)
    if name == 'gpu-real':
        ev = {'device_evidence_list': [{'arch': 'HOPPER', 'evidence': open(template).read(),
                                        'certificate': base64.b64encode(open(pki, 'rb').read())
                                        .decode()}]}
    elif name == 'gpu-stale':
        ev = g.evidence(pki, template, os.urandom(32).hex())
    else:
        ev = g.evidence(pki, template, dn)
    bound = sent = json.dumps({'tdx': {}} if name == 'gpu-other-kind' else {'nvidia': ev})
    if name == 'gpu-swap':
        sent = json.dumps({'nvidia': g.evidence(pki, template, dn, 'b')})
    st, data, _ = b.attest(cookie, nonce, jwk, make_report(binding(nonce, jwk, bound)), sent)
    say('attest', st, data)
    if st == 200:
        say('resource', *b.call('GET', path, cookie=cookie)[:2])


def composite(d, pki, template):
    g = test_gpu()
    nonce, jwk = base64.b64encode(os.urandom(32)).decode(), new_key()
    dn = device_nonce(nonce, jwk)
    additional = json.dumps({'nvidia': g.evidence(pki, template, dn)})
    open(os.path.join(d, 'additional.json'), 'w').write(additional)
    open(os.path.join(d, 'other.json'), 'w').write(json.dumps({'nvidia': g.evidence(pki, template,
                                                                                   dn, 'b')}))
    open(os.path.join(d, 'nonce.txt'), 'w').write(nonce)
    open(os.path.join(d, 'jwk.json'), 'w').write(json.dumps(jwk))
    open(os.path.join(d, 'report.bin'), 'wb').write(make_report(binding(nonce, jwk, additional)))


def scenario(name, url, args):
    b = Broker(url)
    path = '/kbs/v0/resource/' + (args[0] if args else 'default/key/disk')
    if name == 'attest':               # a good attest, then the resource by cookie and by token
        cookie, nonce = b.auth()
        jwk = new_key()
        st, data, _ = b.attest(cookie, nonce, jwk, make_report(binding(nonce, jwk)))
        say('attest', st, data)
        st2, data2, _ = b.call('GET', path, cookie=cookie)
        say('resource-cookie', st2, data2)
        if st == 200:
            st3, data3, _ = b.call('GET', path, token=json.loads(data)['token'])
            say('resource-bearer', st3, data3)
    elif name == 'replay':             # the same nonce twice, the second with a fresh report
        cookie, nonce = b.auth()
        jwk = new_key()
        for i in range(2):
            st, data, _ = b.attest(cookie, nonce, jwk, make_report(binding(nonce, jwk)))
            say('attest%d' % (i + 1), st, data)
    elif name == 'other-nonce':        # the report binds a nonce of another session
        cookie, nonce = b.auth()
        _, other = b.auth()
        jwk = new_key()
        say('attest', *b.attest(cookie, nonce, jwk, make_report(binding(other, jwk)))[:2])
    elif name == 'other-key':          # the report binds another key than the one sent
        cookie, nonce = b.auth()
        jwk = new_key()
        say('attest', *b.attest(cookie, nonce, jwk, make_report(binding(nonce, new_key())))[:2])
    elif name == 'vmpl1':
        cookie, nonce = b.auth()
        jwk = new_key()
        say('attest', *b.attest(cookie, nonce, jwk, make_report(binding(nonce, jwk), vmpl=1))[:2])
    elif name == 'other-signer':       # signed by a key that is not the VCEK's
        cookie, nonce = b.auth()
        jwk = new_key()
        k = ec.generate_private_key(ec.SECP384R1())
        say('attest', *b.attest(cookie, nonce, jwk, make_report(binding(nonce, jwk), key=k))[:2])
    elif name == 'expired':            # attest after the session's time (args: seconds to wait)
        cookie, nonce = b.auth()
        time.sleep(float(args[0]))
        jwk = new_key()
        say('attest', *b.attest(cookie, nonce, jwk, make_report(binding(nonce, jwk)))[:2])
    elif name == 'race':               # N attests at once on one nonce
        n = int(args[0])
        cookie, nonce = b.auth()
        jwk = new_key()
        rep = make_report(binding(nonce, jwk))
        got = []
        go = threading.Barrier(n)

        def one():
            go.wait()
            got.append(b.attest(cookie, nonce, jwk, rep)[0])
        ts = [threading.Thread(target=one) for _ in range(n)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        print('race ok=%d refused=%d other=%d' % (got.count(200), got.count(401),
                                                   len(got) - got.count(200) - got.count(401)))
    elif name == 'slow':               # idle connections that send nothing, then a request
        idle = [socket.create_connection((b.host, b.port)) for _ in range(int(args[0]))]
        t0 = time.monotonic()
        st, data, _ = b.call('POST', '/kbs/v0/auth', {'version': '0.4.0', 'tee': 'snp',
                                                      'extra-params': {}})
        print('slow auth %d in %.1f s' % (st, time.monotonic() - t0))
        for s in idle:
            s.close()
    elif name == 'raw':                # METHOD PATH [BODY]: one request, its status and detail
        try:
            st, data, _ = b.call(args[0], args[1], args[2] if len(args) > 2 else None)
        except (http.client.HTTPException, OSError) as e:
            print('raw no answer (%s)' % type(e).__name__)
            return
        say('raw', st, data)
    elif name == 'announce':           # PATH N: announce an N-byte body; the answer comes first
        s = socket.create_connection((b.host, b.port), timeout=30)
        s.sendall(('POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                   'Content-Length: %s\r\n\r\n{' % (args[0], args[1])).encode())
        status = s.recv(4096).split(b'\r\n', 1)[0]
        say('announce', int(status.split(b' ')[1]), status)
    elif name == 'load':
        path = '/kbs/v0/resource/' + args[0]
        with open(args[1], 'a') as log:
            try:
                while True:
                    cookie, nonce = b.auth()
                    jwk = new_key()
                    st, data, _ = b.attest(cookie, nonce, jwk, make_report(binding(nonce, jwk)))
                    assert st == 200, (st, data)
                    log.write('attested %s %s\n' % (cookie, nonce))
                    log.flush()
                    st, data, _ = b.call('GET', path, cookie=cookie)
                    assert st == 200, (st, data)
                    log.write('released %s\n' % cookie)
                    log.flush()
            except (http.client.HTTPException, OSError):
                pass                   # the broker was killed
    elif name.startswith('gpu-'):      # PKI TEMPLATE after PATH: composite evidence
        gpu_scenario(b, name, path, args[1], args[2])
    elif name == 'reattest':
        cookie, nonce = args[0], args[1]
        jwk = new_key()
        say('reattest', *b.attest(cookie, nonce, jwk, make_report(binding(nonce, jwk)))[:2])
    elif name == 'admin':
        admin(b, args)
    else:
        sys.exit('unknown scenario ' + name)


if __name__ == '__main__':
    if sys.argv[1] == 'tsm-hook':
        tsm_hook(sys.argv[2])
    elif sys.argv[1] == 'composite':
        composite(*sys.argv[2:5])
    else:
        scenario(sys.argv[1], sys.argv[2], sys.argv[3:])
