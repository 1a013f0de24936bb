#!/usr/bin/env python3
# snp-sign-report.py REPORT SIG.DER OUT: REPORT with its signature field (0x2a0) replaced by the
# ECDSA signature SIG.DER (as `openssl dgst -sign` writes it): R and S little-endian, 72 bytes
# each, then zeros, as the SEV-SNP firmware lays them out.
import sys

rep = bytearray(open(sys.argv[1], 'rb').read())
der = open(sys.argv[2], 'rb').read()


def item(b, i):  # one DER TLV: its value and the index after it
    n = b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7f
        n = int.from_bytes(b[i:i + k], 'big')
        i += k
    return b[i:i + n], i + n


seq, _ = item(der, 0)
r, i = item(seq, 0)
s, _ = item(seq, i)
rep[0x2a0:] = int.from_bytes(r, 'big').to_bytes(72, 'little') + \
    int.from_bytes(s, 'big').to_bytes(72, 'little') + bytes(368)
open(sys.argv[3], 'wb').write(rep)
