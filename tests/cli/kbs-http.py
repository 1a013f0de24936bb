#!/usr/bin/env python3
# A plain HTTP GET for the broker's tests: prints "STATUS BODY" on one line.
#   kbs-http.py get URL
# /metrics through prometheus_client's own parser (which refuses text that is not the
# exposition format), one "name{label=value,...} number" line per sample, sorted:
#   kbs-http.py metrics URL
import sys
import urllib.error
import urllib.request


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def main():
    how, url = sys.argv[1], sys.argv[2]
    status, body = get(url)
    if how == 'get':
        print(status, body.strip())
        return
    from prometheus_client.parser import text_string_to_metric_families
    lines = []
    for family in text_string_to_metric_families(body):
        for s in family.samples:
            labels = ','.join('%s=%s' % kv for kv in sorted(s.labels.items()))
            lines.append('%s{%s} %g' % (s.name, labels, s.value))
    print('\n'.join(sorted(lines)))


main()
