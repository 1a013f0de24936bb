#!/usr/bin/env python3
# A test GPU, written apart from sevkit's own code with python3-cryptography: a P-384 PKI shaped
# like NVIDIA's (root CA -> intermediate CA -> device leaf that carries an FWID in the TCG DICE
# extension 2.23.133.5.4.1) and SPDM measurement reports signed by the leaf's key.
#   gpu-test-evidence.py pki DIR              root.pem, chain.pem (leaf first), the keys, and CRLs
#                                             of the intermediate: empty.crl, revokes-leaf.crl
#   gpu-test-evidence.py ocsp DIR KIND OUT    an OCSP response for leaf "a", signed by the
#                                             intermediate: good (CertID SHA-384), revoked
#                                             (SHA-1), stale (past its nextUpdate), forged
#                                             (signed by another key)
#   gpu-test-evidence.py evidence DIR TEMPLATE NONCE [DEVICE]
#                                             {"device_evidence_list": [one HOPPER device]}: the
#                                             real report TEMPLATE (hex) with NONCE (64 hex digits)
#                                             in its request, the leaf's FWID, signed by the leaf
# DEVICE (default "a") names a device of its own: pki makes "a" and "b", two leaves.
import base64
import datetime
import hashlib
import json
import os
import struct
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

SHA384_OID = bytes.fromhex('0609608648016503040202')
NOW = datetime.datetime.now(datetime.timezone.utc)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'sevkit test GPU')])


def der_len(n):
    if n < 128:
        return bytes([n])
    return bytes([0x81, n]) if n < 256 else bytes([0x82, n >> 8, n & 255])


def fwid_extension(fwid):
    # SEQUENCE { INTEGER 1, SEQUENCE { OID sha384, OCTET STRING fwid } }, NVIDIA's leaf form
    inner = SHA384_OID + b'\x04' + der_len(len(fwid)) + fwid
    body = b'\x02\x01\x01' + b'\x30' + der_len(len(inner)) + inner
    return x509.UnrecognizedExtension(x509.ObjectIdentifier('2.23.133.5.4.1'),
                                      b'\x30' + der_len(len(body)) + body)


def cert(subject, key, issuer, issuer_key, ca, extra=None):
    b = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOW - datetime.timedelta(days=1))
         .not_valid_after(NOW + datetime.timedelta(days=3650))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=False,
                                      key_encipherment=False, data_encipherment=False,
                                      key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                      encipher_only=False, decipher_only=False), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                        critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
             issuer_key.public_key()), critical=False))
    if extra:
        b = b.add_extension(extra, critical=False)
    return b.sign(issuer_key, hashes.SHA384())


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def save_key(path, k):
    open(path, 'wb').write(k.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))


def crl(ica, ica_key, revoked):
    b = (x509.CertificateRevocationListBuilder().issuer_name(ica.subject)
         .last_update(NOW - datetime.timedelta(hours=1))
         .next_update(NOW + datetime.timedelta(days=30)))
    for c in revoked:
        b = b.add_revoked_certificate(x509.RevokedCertificateBuilder()
                                      .serial_number(c.serial_number)
                                      .revocation_date(NOW - datetime.timedelta(hours=1)).build())
    return b.sign(ica_key, hashes.SHA384()).public_bytes(serialization.Encoding.PEM)


def ocsp_response(d, kind, out):
    from cryptography.x509 import ocsp
    text = open(os.path.join(d, 'a-chain.pem'), 'rb').read()
    end = b'-----END CERTIFICATE-----\n'
    leaf, ica = [x509.load_pem_x509_certificate(p + end) for p in text.split(end)[:2]]
    key = serialization.load_pem_private_key(open(os.path.join(d, 'ica.key'), 'rb').read(), None)
    responder = ica
    if kind == 'forged':               # a responder of the same name that nobody certified
        key = ec.generate_private_key(ec.SECP384R1())
        responder = cert('Test GPU ICA', key, 'Test GPU ICA', key, True)
    this = NOW - datetime.timedelta(days=10 if kind == 'stale' else 0, hours=1)
    status = ocsp.OCSPCertStatus.REVOKED if kind == 'revoked' else ocsp.OCSPCertStatus.GOOD
    b = ocsp.OCSPResponseBuilder().add_response(
        cert=leaf, issuer=ica, algorithm=hashes.SHA1() if kind == 'revoked' else hashes.SHA384(),
        cert_status=status, this_update=this, next_update=this + datetime.timedelta(days=1),
        revocation_time=this if kind == 'revoked' else None,
        revocation_reason=None).responder_id(ocsp.OCSPResponderEncoding.HASH, responder)
    open(out, 'wb').write(b.sign(key, hashes.SHA384()).public_bytes(serialization.Encoding.DER))


def make_pki(d):
    root_key = ec.generate_private_key(ec.SECP384R1())
    ica_key = ec.generate_private_key(ec.SECP384R1())
    root = cert('Test GPU Root', root_key, 'Test GPU Root', root_key, True)
    ica = cert('Test GPU ICA', ica_key, 'Test GPU Root', root_key, True)
    open(os.path.join(d, 'root.pem'), 'wb').write(pem(root))
    save_key(os.path.join(d, 'ica.key'), ica_key)
    leaves = []
    for dev in 'ab':
        k = ec.generate_private_key(ec.SECP384R1())
        fwid = hashlib.sha384(b'test GPU firmware ' + dev.encode()).digest()
        leaf = cert('Test GPU ' + dev, k, 'Test GPU ICA', ica_key, False, fwid_extension(fwid))
        save_key(os.path.join(d, dev + '.key'), k)
        open(os.path.join(d, dev + '.fwid'), 'w').write(fwid.hex())
        open(os.path.join(d, dev + '-chain.pem'), 'wb').write(pem(leaf) + pem(ica) + pem(root))
        leaves.append(leaf)
    open(os.path.join(d, 'empty.crl'), 'wb').write(crl(ica, ica_key, []))
    open(os.path.join(d, 'revokes-a.crl'), 'wb').write(crl(ica, ica_key, leaves[:1]))


def opaque_offsets(r):
    """(offset of the FWID value, signed length) of an SPDM GET_MEASUREMENTS transcript."""
    record = int.from_bytes(r[42:45], 'little')
    o = 45 + record + 32
    opaque_len = struct.unpack_from('<H', r, o)[0]
    o += 2
    end, fwid = o + opaque_len, None
    while o < end:
        t, n = struct.unpack_from('<HH', r, o)
        if t == 20:
            fwid = o + 4
        o += 4 + n
    return fwid, end


def report(d, template, nonce, dev):
    r = bytearray.fromhex(open(template).read())
    r[4:36] = bytes.fromhex(nonce)
    fwid_at, signed = opaque_offsets(r)
    r[fwid_at:fwid_at + 48] = bytes.fromhex(open(os.path.join(d, dev + '.fwid')).read())
    k = serialization.load_pem_private_key(open(os.path.join(d, dev + '.key'), 'rb').read(), None)
    rr, ss = decode_dss_signature(k.sign(bytes(r[:signed]), ec.ECDSA(hashes.SHA384())))
    return bytes(r[:signed]) + rr.to_bytes(48, 'big') + ss.to_bytes(48, 'big')


def evidence(d, template, nonce, dev='a'):
    chain = open(os.path.join(d, dev + '-chain.pem'), 'rb').read()
    return {'device_evidence_list': [{'arch': 'HOPPER', 'uuid': 'GPU-test-' + dev,
                                      'evidence': report(d, template, nonce, dev).hex(),
                                      'certificate': base64.b64encode(chain).decode()}]}


if __name__ == '__main__':
    if sys.argv[1] == 'pki':
        make_pki(sys.argv[2])
    elif sys.argv[1] == 'ocsp':
        ocsp_response(*sys.argv[2:5])
    else:
        print(json.dumps(evidence(*sys.argv[2:6])))
