#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The ABI of libsevkit.so is exactly its public headers' SEV_API declarations.

usage: symbols.py NM LIBSEVKIT_SO INCLUDE_DIR VERSION_SCRIPT
       symbols.py --self-test FIXTURE_HEADER

Checks, and names every offender when it fails:
- the defined dynamic symbols of the library (nm -D --defined-only) are the
  names declared with SEV_API in INCLUDE_DIR/sevkit/*.h, none missing, none extra;
- every one carries a version node of VERSION_SCRIPT as its default version (@@);
- no public header declares a function or variable without SEV_API (a caller
  could not link it);
- sevkit.h includes every other public header;
- every public struct is either growable, starting with `size_t size` (SEV_INIT in
  <sevkit/error.h>), or listed in FIXED below with the reason its layout never changes.
--self-test parses FIXTURE_HEADER and compares with what its "expect-api:" and
"expect-private:" lines list, so that the parser itself is tested.
"""
import os
import re
import subprocess
import sys

# Words that may stand right before "(" in a declaration without being its name.
NOT_NAMES = {
    "__attribute__", "__attribute", "__declspec", "__typeof__", "typeof", "_Alignas",
    "_Atomic", "void", "char", "short", "int", "long", "float", "double", "signed",
    "unsigned", "_Bool", "bool", "const", "volatile", "restrict", "__restrict",
}
TOKEN = re.compile(r"[A-Za-z_]\w*|\d\w*|\S")

# The public structs without a size field, and why none of them gains a field (docs/HACKING.md,
# "ABI"). Any other struct must start with `size_t size`.
FIXED = {
    # the decoded form of a layout a specification fixes
    "sev_cert": "SEV API 55766 appendix C: the platform certificate",
    "sev_cert_sig": "a signature slot of that certificate",
    "sev_ca_cert": "SEV API 55766: AMD's signing-key certificate",
    "sev_chain": "the six certificates a chain can hold (SEV API)",
    "sev_legacy_report": "SEV API: the ATTESTATION report",
    "sev_platform_status": "SEV API: PLATFORM_STATUS",
    "sev_session": "SEV API: LAUNCH_START's session buffer and its keys",
    "sev_launch_info": "SEV API: the platform and guest values LAUNCH_MEASURE's HMAC covers",
    "sev_id_block": "SNP ABI 56860: ID_BLOCK",
    "sev_id_auth": "SNP ABI 56860: ID_AUTH",
    "sev_snp_report": "SNP ABI 56860: ATTESTATION_REPORT",
    "sev_snp_tcb": "SNP ABI 56860: TCB_VERSION",
    "sev_snp_cert_entry": "GHCB 56421: an entry of the certificate table",
    "sev_snp_cert_table": "GHCB 56421: the certificate table",
    "sev_snp_platform_config": "SNP ABI 56860: SNP_CONFIG (reported TCB, two mask bits)",
    "sev_snp_vek_info": "KDS 57230: the AMD extensions of a VCEK or VLEK",
    "sev_snp_crl_info": "RFC 5280: what a CRL says of the chain; an array member",
    "sev_ovmf_section": "OVMF's SEV metadata section; a library-allocated array",
    "sev_vmsa_info": "AMD APM vol. 2: the VMSA fields that decide a measurement",
    "sev_verity_geometry": "dm-verity's on-disk format: where each tree level lives",
    "sev_secret_entry": "OVMF's secret table entry (GUID, data); a caller's array",
    # small value types, complete as they are, nested by value in growable ones
    "sev_snp_tcb_spec": "a TCB as a check gives it: SPLs or a raw value",
    "sev_snp_deny": "a product, stepping and TCB; an array in sev_snp_checks",
    "sev_reference_file": "a path and its SHA-256",
    "sev_snp_cert_file": "a file's name and contents; a caller's array",
    "sev_cpu": "the CPUID identity of a processor; nested in sev_host_report",
    "sev_check": "one readiness check; an array in sev_host_report",
    "sev_link": "one signature of a chain (signer, signee, status, reason)",
    "sev_snp_x509_info": "what `openssl x509 -text` shows of a certificate; a caller's array",
    "sev_snp_check_failure": "a check's name, expected and actual text; an array",
    "sev_finding": "an id, a level, a message and a fix; an array",
    # library-owned: the caller never allocates one, so its size is the library's
    "sev_policy_bit": "sev_policy_bits(): a bit, its name and two meanings",
    "sev_snp_bit": "sev_snp_policy_bits(), sev_snp_platform_bits(): the same",
    "sev_memscan_detector": "sev_memscan_detectors(): a name and a description",
    "sev_memscan_hit": "sev_memscan_result's hits: where, what, and the bytes around",
    "sev_memscan_result": "sev_memscan_run() allocates it; a later field is appended",
    "sev_snp_check_info": "sev_snp_check_info_at(i) returns one by index",
    # GPU evidence
    "sev_gpu_evidence": "a count and the library's array of devices, never allocated alone",
    "sev_gpu_device": "an element of the library's array in sev_gpu_evidence",
    "sev_gpu_failure": "a check's name and detail; an array in sev_gpu_result",
    "sev_gpu_mismatch": "a measurement index, names and two hashes; an array in sev_gpu_result",
    "sev_gpu_revocation_info": "sev_gpu_revocation_info() allocates the array",
    # the key broker's
    "sev_kbs_blob": "a pointer and a length, passed in arrays",
    "sev_kbs_audit_entry": "the library's, lent to a callback: a field can be added at its end",
}


def strip(text):
    """The header without comments, literals, preprocessor lines and C++-only blocks."""
    literal = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                         re.S)

    def blank(m):
        s = m.group(0)
        if s.startswith("/"):
            return " " if "\n" not in s else "\n" * s.count("\n")
        return '""'
    text = literal.sub(blank, text)
    text = re.sub(r"\\\n", " ", text)
    out, skip = [], 0
    for line in text.split("\n"):
        directive = re.match(r"\s*#\s*(\w+)(.*)", line)
        if directive:
            word, rest = directive.groups()
            if skip:
                skip += word.startswith("if")
                skip -= word == "endif" or (skip == 1 and word in ("else", "elif"))
            elif word in ("ifdef", "if") and "__cplusplus" in rest:
                skip = 1
            continue
        if not skip:
            out.append(line)
    return "\n".join(out)


def statements(text):
    """Top-level declarations as token lists: split at ";", braces kept inside."""
    result, cur, depth = [], [], 0
    for tok in TOKEN.findall(text):
        cur.append(tok)
        if tok in "({[":
            depth += 1
        elif tok in ")}]":
            depth -= 1
            # a function defined in the header ends with its body
            if tok == "}" and depth == 0 and is_function_body(cur):
                result.append(cur)
                cur = []
        elif tok == ";" and depth == 0:
            result.append(cur[:-1])
            cur = []
    if [t for t in cur if t.strip()]:
        raise ValueError("unterminated declaration: " + " ".join(cur))
    return result


def is_function_body(toks):
    start = toks.index("{") if "{" in toks else -1
    return start > 0 and toks[start - 1] == ")"


def drop_attributes(toks):
    out, i = [], 0
    while i < len(toks):
        if toks[i] in ("__attribute__", "__attribute") and i + 1 < len(toks) and toks[i + 1] == "(":
            depth, i = 0, i + 1
            while True:
                depth += {"(": 1, ")": -1}.get(toks[i], 0)
                i += 1
                if depth == 0:
                    break
            continue
        out.append(toks[i])
        i += 1
    return out


def declared_name(toks):
    """The name a declaration declares, or None for a type (struct, enum, typedef)."""
    if toks[0] in ("typedef", "_Static_assert", "static_assert") or "static" in toks:
        return None
    if toks[0] in ("struct", "union", "enum") and len(toks) == 2:
        return None  # a forward declaration
    if "{" in toks and not is_function_body(toks):
        if toks[-1] != "}":
            raise ValueError("a variable defined with its type: " + " ".join(toks))
        return None
    toks = drop_attributes(toks)
    depth = 0
    for i, tok in enumerate(toks):
        if tok == "," and depth == 0:
            raise ValueError("several declarators in one declaration: " + " ".join(toks))
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(tok, 0)
    # a function: the name opens its parameters, where a type opens a "(*" declarator
    for i in range(len(toks) - 2):
        if (toks[i + 1] == "(" and toks[i + 2] != "*" and re.match(r"[A-Za-z_]\w*$", toks[i])
                and toks[i] not in NOT_NAMES):
            return toks[i]
    # a variable: the last identifier before its array bounds or initializer
    names = [t for t in toks[: next((i for i, t in enumerate(toks) if t in "[="), len(toks))]
             if re.match(r"[A-Za-z_]\w*$", t)]
    if len(names) < 2:
        raise ValueError("cannot tell what this declares: " + " ".join(toks))
    return names[-1]


def parse_header(path):
    """(names declared with SEV_API, names declared without it) in one header."""
    api, private = [], []
    for toks in statements(strip(open(path).read())):
        name = declared_name(toks)
        if name is None:
            continue
        (api if "SEV_API" in toks else private).append(name)
    return api, private


def public_structs(path):
    """{name: True when the struct starts with `size_t size`} for the structs a header defines."""
    found = {}
    for toks in statements(strip(open(path).read())):
        if len(toks) > 3 and toks[0] == "struct" and toks[2] == "{":
            found[toks[1]] = toks[3:6] == ["size_t", "size", ";"]
    return found


def check_structs(include, headers):
    """The growable rule: size first, or a reason in FIXED. Names each offender."""
    problems, seen = [], set()
    for h in headers:
        for name, sized in public_structs(os.path.join(include, "sevkit", h)).items():
            seen.add(name)
            if sized and name in FIXED:
                problems.append(f"{h}: struct {name} starts with size but is listed in FIXED")
            elif not sized and name not in FIXED:
                problems.append(f"{h}: struct {name} neither starts with `size_t size` "
                                "(SEV_INIT) nor is listed in FIXED with a reason")
    problems += [f"FIXED lists struct {n}, which no public header defines"
                 for n in sorted(set(FIXED) - seen)]
    return problems, len(seen)


def exported(nm, lib):
    """{name: version} of the defined dynamic symbols, and the version definitions."""
    out = subprocess.run([nm, "-D", "--defined-only", lib], check=True, capture_output=True,
                         text=True).stdout
    symbols, nodes = {}, set()
    for line in out.splitlines():
        fields = line.split()
        kind, name = fields[-2], fields[-1]
        if kind == "A" and "@" not in name:
            nodes.add(name)
            continue
        base, sep, version = name.partition("@")
        symbols[base] = version if sep else ""
    return symbols, nodes


def version_nodes(script):
    text = re.sub(r"/\*.*?\*/", " ", open(script).read(), flags=re.S)
    return set(re.findall(r"([A-Za-z_][\w.]*)\s*\{", text))


def check(nm, lib, include, script):
    problems = []
    headers = sorted(f for f in os.listdir(os.path.join(include, "sevkit")) if f.endswith(".h"))
    api = {}
    for h in headers:
        names, private = parse_header(os.path.join(include, "sevkit", h))
        for n in names:
            if n in api:
                problems.append(f"{n} is declared with SEV_API in both {api[n]} and {h}")
            api[n] = h
        problems += [f"{h}: {n} is declared without SEV_API, so it is not exported"
                     for n in private]

    umbrella = os.path.join(include, "sevkit", "sevkit.h")
    included = set(re.findall(r"#\s*include\s*<sevkit/([\w.-]+)>",
                              open(umbrella).read())) if os.path.exists(umbrella) else set()
    problems += [f"sevkit.h does not include <sevkit/{h}>"
                 for h in headers if h != "sevkit.h" and h not in included]
    struct_problems, n_structs = check_structs(include, headers)
    problems += struct_problems

    symbols, defined_nodes = exported(nm, lib)
    nodes = version_nodes(script)
    if not nodes:
        problems.append(f"{script}: no version node found")
    problems += [f"extra: {s} is exported but no public header declares it with SEV_API"
                 for s in sorted(set(symbols) - set(api))]
    problems += [f"missing: {s} ({api[s]}) is declared with SEV_API but not exported"
                 for s in sorted(set(api) - set(symbols))]
    for s, v in sorted(symbols.items()):
        if not v.startswith("@") or v[1:] not in nodes:
            problems.append(f"unversioned: {s} has version '{v}', not @@ one of "
                            f"{', '.join(sorted(nodes))}")
    problems += [f"the library defines version {n}, which {script} does not name"
                 for n in sorted(defined_nodes - nodes)]

    for p in problems:
        print("FAIL:", p)
    print(f"{len(api)} SEV_API declarations in {len(headers)} headers, {len(symbols)} exported "
          f"symbols, version nodes {', '.join(sorted(nodes))}, {n_structs} structs "
          f"({len(FIXED)} fixed): {len(problems)} problem(s)")
    return 1 if problems else 0


def self_test(fixture):
    text = open(fixture).read()
    want_api = re.search(r"expect-api:(.*)", text).group(1).split()
    want_private = re.search(r"expect-private:(.*)", text).group(1).split()
    api, private = parse_header(fixture)
    ok = api == want_api and private == want_private
    print(f"SEV_API: {' '.join(api)}\nwithout: {' '.join(private)}")
    if not ok:
        print(f"FAIL: expected SEV_API {' '.join(want_api)}, without {' '.join(want_private)}")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--self-test"]:
        sys.exit(self_test(sys.argv[2]))
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(check(*sys.argv[1:5]))
