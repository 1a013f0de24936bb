#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The library's layers, checked on what the compiler made and on what the sources include.

    layers.py NM ARCHIVE TOOLS_OBJ_DIR SOURCE_ROOT

Layers, lowest first: lib/util -> lib/crypto -> the areas -> tools/. A file may use (call, or
read a variable of) files of its own layer or a lower one, never a higher one; an area may use
another area; no two files use each other, directly or round a longer loop. The file-to-file
graph comes from nm: an object that leaves a symbol undefined uses the object that defines it.
From the sources: lib/util includes no header of crypto or an area, lib/crypto no header of an
area, and an area includes another area's folder only through include/sevkit/.
Every public header's functions are defined in one folder, the one the "Headers" table of
docs/HACKING.md gives it.
Each offence is one line; the exit status is 1 when there is one.
"""
import os
import re
import subprocess
import sys

AREAS = ('sev', 'snp', 'host', 'measure', 'memscan', 'ovmf', 'verity', 'vm', 'kbs', 'gpu', 'seal')
RANK = {'util': 0, 'crypto': 1, **{a: 2 for a in AREAS}, 'tools': 3}


def layer(path):
    """'util', 'crypto', an area or 'tools' for a source path; None for anything else."""
    parts = path.split('/')
    if parts[0] == 'tools':
        return 'tools'
    if parts[0] == 'lib' and len(parts) > 2 and parts[1] in RANK:
        return parts[1]
    return None


def object_source(member):
    """lib/sev/cert.c for Meson's object name lib_sev_cert.c.o (generated: the folder's too)."""
    name = os.path.basename(member.rstrip(']'))
    name = re.sub(r'^meson-generated_\.\._', '', name)
    name = re.sub(r'\.o$', '', name)
    m = re.match(r'lib_([a-z0-9]+)_(.+)$', name)
    if not m:
        return None
    return 'lib/%s/%s' % (m.group(1), m.group(2))


def read_symbols(nm, archive, tools_dir):
    """{source: (defined, undefined)} from the archive's members and the tools' objects."""
    files = {}
    objs = [os.path.join(tools_dir, f) for f in sorted(os.listdir(tools_dir))
            if f.endswith('.o')]
    out = subprocess.run([nm, '-A', '-P', archive] + objs, check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        where, rest = line.rsplit(': ', 1)
        fields = rest.split()
        sym, kind = fields[0], fields[1]
        if where.startswith(archive + '['):
            src = object_source(where[len(archive) + 1:])
        else:
            src = 'tools/' + re.sub(r'\.o$', '', os.path.basename(where))
        if src is None:
            raise SystemExit('layers: cannot tell the source of object %s' % where)
        d, u = files.setdefault(src, (set(), set()))
        if kind == 'U':
            u.add(sym)
        elif kind.isupper():
            d.add(sym)
    return files


def edges(files):
    """{(user, used): a symbol it uses}, over the symbols some file of the project defines."""
    owner = {}
    for src, (d, _) in files.items():
        for s in d:
            owner[s] = src
    out = {}
    for src, (_, u) in sorted(files.items()):
        for s in sorted(u):
            dst = owner.get(s)
            if dst and dst != src:
                out.setdefault((src, dst), s)
    return out


def cycles(graph_edges):
    """Each strongly connected set of two or more files, as one loop through them."""
    succ = {}
    for a, b in graph_edges:
        succ.setdefault(a, []).append(b)
    index, low, stack, on, comps = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in succ.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(succ):
        if v not in index:
            visit(v)
    return [loop(c, succ) for c in comps]


def loop(comp, succ):
    """A shortest loop from the first file of a strongly connected set back to it."""
    members, start = set(comp), comp[0]
    prev, todo = {start: None}, [start]
    while todo:
        nxt = []
        for v in todo:
            for w in succ.get(v, []):
                if w == start:
                    path = [v]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])
                    return list(reversed(path)) + [start]
                if w in members and w not in prev:
                    prev[w] = v
                    nxt.append(w)
        todo = nxt
    return comp


def symbol_problems(files):
    problems = []
    es = edges(files)
    for src in sorted(files):
        if layer(src) is None:
            problems.append('%s: in no layer (util, crypto, %s, tools)' % (src, ', '.join(AREAS)))
    for (a, b), sym in sorted(es.items()):
        la, lb = layer(a), layer(b)
        if la and lb and RANK[lb] > RANK[la]:
            problems.append('%s -> %s (%s): %s uses the higher layer %s'
                            % (a, b, sym, la, lb))
    for c in cycles(es):
        hops = ['%s -(%s)-> ' % (c[i], es[(c[i], c[i + 1])]) for i in range(len(c) - 1)]
        problems.append('file cycle: ' + ''.join(hops) + c[-1])
    return problems


INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def include_problems(root):
    problems = []
    for folder in sorted(os.listdir(os.path.join(root, 'lib'))):
        lay = layer('lib/%s/x' % folder)
        path = os.path.join(root, 'lib', folder)
        if not os.path.isdir(path):
            continue
        if lay is None:
            problems.append('lib/%s/: in no layer' % folder)
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith(('.c', '.h')):
                continue
            src = 'lib/%s/%s' % (folder, name)
            with open(os.path.join(root, src), encoding='utf-8') as f:
                text = f.read()
            for m in INCLUDE.finditer(text):
                line = text.count('\n', 0, m.start()) + 1
                p = include_problem(lay, m.group(1))
                if p:
                    problems.append('%s:%d: #include "%s": %s' % (src, line, m.group(1), p))
    return problems


def include_problem(lay, header):
    """Why a file of layer lay may not include header, or None."""
    top = header.split('/')[0] if '/' in header else lay
    if top == 'sevkit':
        return None if lay not in ('util', 'crypto') or header in LOW_PUBLIC else \
            '%s includes a public header of an area' % lay
    if top not in RANK or top == 'tools':
        return '%s includes a header of no library folder' % lay
    if RANK[top] > RANK[lay]:
        return '%s includes a header of the higher layer %s' % (lay, top)
    if top != lay and top in AREAS:
        return 'an area includes the private header of another area (%s)' % top
    return None


def documented_folders(hacking):
    """{header: [folder, ...]} from the "Headers" table of docs/HACKING.md."""
    with open(hacking, encoding='utf-8') as f:
        section = f.read().split('## Headers', 1)[1].split('\n## ', 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if not line.lstrip().startswith('|') or len(cells) != 2:
            continue
        for h in re.findall(r'`(\w+\.h)`', cells[0]):
            table[h] = re.findall(r'`lib/(\w+)/`', cells[1])
    return table


def header_problems(files, root):
    """A public header whose functions live in more than one folder, or not in its own."""
    sys.path.insert(0, os.path.join(root, 'tests', 'abi'))
    import symbols  # the parser of the public headers that abi-symbols uses
    definer = {s: layer(f) for f, (defined, _) in files.items() for s in defined}
    table = documented_folders(os.path.join(root, 'docs', 'HACKING.md'))
    inc = os.path.join(root, 'include', 'sevkit')
    bad = []
    for h in sorted(os.listdir(inc)):
        if not h.endswith('.h') or h == 'sevkit.h':
            continue
        where = {}
        for name in symbols.parse_header(os.path.join(inc, h))[0]:
            where.setdefault(definer.get(name, 'nowhere'), []).append(name)
        doc = table.get(h)
        if doc is None:
            bad.append('header: include/sevkit/%s is not in the table of docs/HACKING.md' % h)
        for d, names in sorted(where.items()):
            if d not in (doc or []):
                bad.append('header: include/sevkit/%s declares %s of lib/%s/, the table says %s'
                           % (h, ', '.join(sorted(names)[:3]), d, ', '.join(doc or []) or
                              'nothing'))
    return bad


# the public headers of lib/util itself
LOW_PUBLIC = ('sevkit/error.h', 'sevkit/version.h')


def main(argv):
    if len(argv) != 5:
        raise SystemExit(__doc__)
    nm, archive, tools_dir, root = argv[1:]
    files = read_symbols(nm, archive, tools_dir)
    problems = symbol_problems(files) + include_problems(root) + header_problems(files, root)
    for p in problems:
        print(p)
    if problems:
        print('layers: %d offence(s)' % len(problems))
        return 1
    print('layers: util -> crypto -> areas -> tools holds; no file cycle')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
