# SPDX-License-Identifier: Apache-2.0
"""What the generators of the manual page and the completion read from the tool itself."""
import re
import subprocess


def run(sevkit, *words):
    """The standard output of `sevkit WORDS...`."""
    return subprocess.run([sevkit, *words], check=True, capture_output=True, text=True).stdout


def commands(sevkit):
    """The command table as word lists, in `sevkit help` order."""
    listing = run(sevkit, "help").split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    result = []
    for line in listing.split("\n"):
        m = re.match(r"  (\S+)(?: (\S+))?\s{2,}", line)
        if m:
            result.append([w for w in m.groups() if w])
    return result
