#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""sevkit's JWE and token against python3-jwcrypto, an independent JOSE implementation.

usage: jwcrypto-peer.py JOSE-PEER TEST-REPORT.BIN

- jwcrypto decrypts what sevkit encrypts to P-256, P-521 and RSA guest keys, and sevkit
  decrypts what jwcrypto encrypts (the broker's and the guest's direction);
- jwcrypto verifies sevkit's ES256 token and reads its claims; sevkit verifies jwcrypto's
  ES256 token and refuses HS256, alg none, an expired token and another key.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time

from jwcrypto import jwe, jwk, jws, jwt
from jwcrypto.common import json_decode

PEER, REPORT = sys.argv[1], sys.argv[2]
WORK = tempfile.mkdtemp(prefix='jwcrypto-peer-')
FAILED = []


def peer(*args, ok=True):
    """Run jose-peer; its stdout, or None when it refused (and ok is False)."""
    r = subprocess.run([PEER, *args], capture_output=True, text=True, check=False)
    if ok and r.returncode != 0:
        raise AssertionError(f'jose-peer {args[0]} failed: {r.stderr.strip()}')
    if not ok and r.returncode != 1:
        raise AssertionError(f'jose-peer {args[0]} should refuse (exit 1), got '
                             f'{r.returncode}: {r.stdout} {r.stderr}')
    return r.stdout if r.returncode == 0 else None


def save(name, data):
    path = os.path.join(WORK, name)
    with open(path, 'w', encoding='ascii') as f:
        f.write(data if isinstance(data, str) else json.dumps(data))
    return path


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()


def unb64u(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


def check(name, fn):
    try:
        fn()
        print(f'ok   {name}')
    except Exception as e:  # pylint: disable=broad-except
        print(f'FAIL {name}: {e!r}')
        FAILED.append(name)


def jwe_sevkit_to_jwcrypto(kind):
    priv = json.loads(peer('genkey', kind))
    pub_path = save(f'{kind}.pub', peer('pub', save(f'{kind}.jwk', priv)))
    secret = os.urandom(45)
    text = peer('encrypt', pub_path, secret.hex())
    obj = json.loads(text)
    # the trustee envelope: flattened JSON, these members only, everything protected
    assert sorted(obj) == ['ciphertext', 'encrypted_key', 'iv', 'protected', 'tag'], obj
    hdr = json.loads(unb64u(obj['protected']))
    assert hdr['enc'] == 'A256GCM', hdr
    assert len(unb64u(obj['iv'])) == 12 and len(unb64u(obj['tag'])) == 16
    if kind == 'RSA':
        assert sorted(hdr) == ['alg', 'enc'] and hdr['alg'] == 'RSA-OAEP-256', hdr
        assert len(unb64u(obj['encrypted_key'])) == 3072 // 8
    else:
        assert sorted(hdr) == ['alg', 'enc', 'epk'] and hdr['alg'] == 'ECDH-ES+A256KW', hdr
        assert hdr['epk']['crv'] == kind and 'd' not in hdr['epk'], hdr
        assert len(unb64u(obj['encrypted_key'])) == 40
    e = jwe.JWE()
    e.deserialize(text, key=jwk.JWK(**priv))
    assert e.payload == secret, 'jwcrypto decrypted other bytes'


def jwe_jwcrypto_to_sevkit(kind):
    priv = json.loads(peer('genkey', kind))
    key_path = save(f'{kind}-r.jwk', priv)
    pub = jwk.JWK(**json.loads(peer('pub', key_path)))
    alg = 'RSA-OAEP-256' if kind == 'RSA' else 'ECDH-ES+A256KW'
    secret = os.urandom(33)
    e = jwe.JWE(secret, protected=json.dumps({'alg': alg, 'enc': 'A256GCM'}))
    e.add_recipient(pub)
    # compact puts epk in the protected header, as trustee does; rewrite as flattened JSON
    p, ek, iv, ct, tag = e.serialize(compact=True).split('.')
    flat = {'protected': p, 'encrypted_key': ek, 'iv': iv, 'ciphertext': ct, 'tag': tag}
    out = peer('decrypt', key_path, save(f'{kind}.jwe', flat))
    assert out.strip() == secret.hex(), f'sevkit decrypted {out.strip()}'
    # the same envelope with one bit of the tag, the ciphertext or the header changed
    tampered = [dict(flat, tag=b64u(bytes([unb64u(tag)[0] ^ 1]) + unb64u(tag)[1:])),
                dict(flat, ciphertext=b64u(bytes([unb64u(ct)[0] ^ 1]) + unb64u(ct)[1:])),
                dict(flat, protected=b64u(unb64u(p).replace(b'"enc"', b' "enc"')))]
    for i, t in enumerate(tampered):
        assert peer('decrypt', key_path, save(f'{kind}-t{i}.jwe', t), ok=False) is None


def token_roundtrip():
    now = int(time.time())
    signing = json.loads(peer('genkey', 'P-256'))
    key_path = save('signing.jwk', signing)
    pub = json.loads(peer('pub', key_path))
    pub_path = save('signing.pub', pub)
    tee = json.loads(peer('pub', save('tee.jwk', json.loads(peer('genkey', 'P-384')))))
    tee_path = save('tee.pub', tee)
    token = peer('sign', key_path, REPORT, tee_path, str(now), '300').strip()

    # jwcrypto checks the signature (ES256 only) and exp/iat itself
    t = jwt.JWT(jwt=token, key=jwk.JWK(**pub), algs=['ES256'])
    hdr = json_decode(t.token.objects['protected'])
    assert hdr == {'alg': 'ES256', 'typ': 'JWT'}, hdr
    claims = json_decode(t.claims)
    assert claims['exp'] == now + 300 and claims['iat'] == now, claims
    cpu0 = claims['submods']['cpu0']
    assert cpu0['ear.status'] == 'affirming'
    ae = cpu0['ear.veraison.annotated-evidence']
    with open(REPORT, 'rb') as f:
        report = f.read()
    assert base64.b64decode(ae['snp']['report']) == report
    assert ae['snp']['chip_id'] == report[0x1a0:0x1e0].hex()
    assert ae['snp']['measurement'] == report[0x90:0xc0].hex()
    assert ae['runtime_data_claims']['tee-pubkey'] == tee

    # sevkit reads back the report and the tee-pubkey
    out = peer('verify', '--extract', pub_path, save('t.jwt', token), str(now)).split('\n')
    assert out[0] == report.hex() and json.loads(out[1]) == tee

    # another key, expiry, a changed payload
    other = save('other.pub', json.loads(peer('pub', save('o.jwk',
                                                             json.loads(peer('genkey', 'P-256'))))))
    assert peer('verify', other, save('t.jwt', token), str(now), ok=False) is None
    assert peer('verify', pub_path, save('t.jwt', token), str(now + 300), ok=False) is None
    h, p, s = token.split('.')
    body = json.loads(unb64u(p))
    body['exp'] += 3600
    forged = '.'.join([h, b64u(json.dumps(body).encode()), s])
    assert peer('verify', pub_path, save('f.jwt', forged), str(now), ok=False) is None


def token_from_jwcrypto():
    now = int(time.time())
    key = jwk.JWK.generate(kty='EC', crv='P-256')
    pub_path = save('jc.pub', key.export_public(as_dict=True))
    claims = {'iat': now, 'exp': now + 60, 'sub': 'x'}

    def signed(alg, k, **extra):
        t = jwt.JWT(header=dict({'alg': alg}, **extra), claims=claims)
        t.make_signed_token(k)
        return t.serialize()

    assert json.loads(peer('verify', pub_path, save('jc.jwt', signed('ES256', key)),
                           str(now)))['sub'] == 'x'
    # HS256 keyed with the public key's bytes: the classic algorithm confusion
    hmac_key = jwk.JWK(kty='oct', k=b64u(json.dumps(key.export_public(as_dict=True)).encode()))
    assert peer('verify', pub_path, save('hs.jwt', signed('HS256', hmac_key)), str(now),
                ok=False) is None
    none = '.'.join([b64u(b'{"alg":"none"}'), b64u(json.dumps(claims).encode()), ''])
    assert peer('verify', pub_path, save('none.jwt', none), str(now), ok=False) is None
    # issued in the future beyond the allowed skew
    assert peer('verify', pub_path, save('jc.jwt', signed('ES256', key)), str(now - 120),
                ok=False) is None


for k in ['P-256', 'P-521', 'RSA']:
    check(f'jwe sevkit->jwcrypto {k}', lambda k=k: jwe_sevkit_to_jwcrypto(k))
    check(f'jwe jwcrypto->sevkit {k}', lambda k=k: jwe_jwcrypto_to_sevkit(k))
check('token sevkit->jwcrypto', token_roundtrip)
check('token jwcrypto->sevkit', token_from_jwcrypto)
sys.exit(1 if FAILED else 0)
