#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Random inputs for the side-by-side test with virt-qemu-sev-validate, and an
independent check of LAUNCH_SECRET packets (HMAC and AES-CTR from Python).

  firmware OUT SEED     random OVMF-like image with a valid footer table
  secrets DIR SEED      random secret files; prints ALIAS-OR-GUID:PATH lines
  open TIK TEK MEASURE HEADER PAYLOAD OUT
                        check the packet's MAC, decrypt it, write the table
  same-table OURS PEER  the two tables agree up to their padding
"""
import base64
import hashlib
import hmac
import random
import struct
import sys
import uuid

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

FOOTER = uuid.UUID("96b582de-1fb2-45f7-baea-a366c55a082d")
RESET = uuid.UUID("00f771de-1a7e-4fcb-890e-68c77e2fb44e")
SECRET = uuid.UUID("4c2eb361-7d9b-4cc3-8081-127c90d3d294")
HASHES = uuid.UUID("7255371f-3a3b-4b04-927b-1da6efa8d454")


def entry(guid, data):
    return data + struct.pack("<H", len(data) + 18) + guid.bytes_le


def firmware(out, seed):
    rnd = random.Random(seed)
    entries = [
        entry(uuid.UUID(int=rnd.getrandbits(128)), rnd.randbytes(rnd.randrange(0, 40))),
        entry(HASHES, struct.pack("<II", rnd.randrange(0x800000, 0x900000) & ~0xff, 0x400)),
        entry(SECRET, struct.pack("<II", rnd.randrange(0x800000, 0x900000) & ~0xfff, 0xc00)),
        entry(RESET, struct.pack("<I", rnd.randrange(0x800000, 0xffff0000))),
    ]
    rnd.shuffle(entries)
    table = b"".join(entries)
    table += struct.pack("<H", len(table) + 18) + FOOTER.bytes_le
    body = rnd.randbytes(rnd.randrange(4096, 65536))
    with open(out, "wb") as f:
        f.write(body + table + rnd.randbytes(32))


def secrets(directory, seed):
    rnd = random.Random(seed)
    names = ["luks-key"] + [str(uuid.UUID(int=rnd.getrandbits(128))) for _ in range(3)]
    for i, name in enumerate(names[: rnd.randrange(1, 5)]):
        path = "%s/secret%d" % (directory, i)
        with open(path, "wb") as f:
            f.write(rnd.randbytes(rnd.randrange(1, 600)))
        print("%s:%s" % (name, path))


def read_blob(path):
    data = open(path, "rb").read()
    try:
        return base64.b64decode(data, validate=True)
    except ValueError:
        return data


def open_packet(tik, tek, measure, header, payload, out):
    tik, tek = open(tik, "rb").read(), open(tek, "rb").read()
    measure = base64.b64decode(measure)[:32]
    hdr, cipher = read_blob(header), read_blob(payload)
    assert len(hdr) == 52, "header of %d bytes" % len(hdr)
    flags, iv, mac = hdr[:4], hdr[4:20], hdr[20:52]
    n = struct.pack("<I", len(cipher))
    msg = b"\x01" + flags + iv + n + n + cipher + measure
    if not hmac.compare_digest(hmac.new(tik, msg, "sha256").digest(), mac):
        sys.exit("MAC of %s does not verify" % header)
    dec = Cipher(algorithms.AES(tek), modes.CTR(iv)).decryptor()
    with open(out, "wb") as f:
        f.write(dec.update(cipher) + dec.finalize())


def same_table(ours, peer):
    a, b = open(ours, "rb").read(), open(peer, "rb").read()
    assert a[:16] == uuid.UUID("1e74f542-71dd-4d66-963e-ef4287ff173b").bytes_le
    total = struct.unpack("<I", a[16:20])[0]
    assert a[:total] == b[:total], "tables differ"
    assert len(a) == (total + 15) // 16 * 16, "sevkit pads to 16 with 0..15 bytes"
    assert len(b) == total + 16 - total % 16, "libvirt pads with 1..16 bytes"
    assert a[total:] == bytes(len(a) - total) and b[total:] == bytes(len(b) - total)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "firmware":
        firmware(args[0], int(args[1]))
    elif cmd == "secrets":
        secrets(args[0], int(args[1]))
    elif cmd == "open":
        open_packet(*args)
    elif cmd == "same-table":
        same_table(*args)
    else:
        sys.exit("unknown command " + cmd)
