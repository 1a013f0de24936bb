/* SPDX-License-Identifier: Apache-2.0 */
#include "vm/cloud-init.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/reader.h"

bool sk_seed_name(const char *path, const char *domain_name)
{
	static const char *const words[] = { "cidata", "cloud-init", "cloudinit", "cloud_init",
					     "nocloud", "seed", "user-data", "user_data" };
	const char *base = strrchr(path, '/');
	char lower[256], kcli[256];
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n >= sizeof(lower))
		return false;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)base[i]);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(lower, words[i]))
			return true;
	/* kcli writes the seed of domain NAME as NAME.ISO next to its disks */
	if (domain_name && snprintf(kcli, sizeof(kcli), "%s.iso", domain_name) < (int)sizeof(kcli))
		return strcasecmp(base, kcli) == 0;
	return false;
}

bool sk_iso_is_cidata(const uint8_t *buf, size_t len)
{
	/* primary volume descriptor at 0x8000: type 1, "CD001", version, pad, system id[32], volume id[32] */
	struct sk_reader r;
	uint8_t type, id[5], label[32];
	size_t n = sizeof(label);

	if (len < 0x8000 + 8 + 32 + sizeof(label))
		return false; /* too short: not an error worth reporting */
	sk_reader_init(&r, buf, len, "ISO 9660 image");
	if (sk_read_seek(&r, 0x8000, "primary volume descriptor") ||
	    sk_read_u8(&r, &type, "descriptor type") || sk_read_bytes(&r, id, 5, "identifier") ||
	    sk_read_skip(&r, 2 + 32, "system identifier") ||
	    sk_read_bytes(&r, label, sizeof(label), "volume identifier"))
		return false;
	if (type != 1 || memcmp(id, "CD001", 5) != 0)
		return false;
	while (n && (label[n - 1] == ' ' || label[n - 1] == 0))
		n--;
	return n == 6 && strncasecmp((const char *)label, "cidata", 6) == 0;
}

/* One line of YAML-ish text: indentation, key and value after "key: ". */
struct line {
	size_t indent;
	char key[32];
	const char *value;   /* after ": ", NULL when the line is not "key: value" */
	size_t value_len;
	const char *text;    /* line without indentation and list dash */
	size_t text_len;
};

static void split_line(const char *s, size_t len, struct line *l)
{
	size_t i = 0, k = 0;

	memset(l, 0, sizeof(*l));
	while (i < len && s[i] == ' ')
		i++;
	l->indent = i;
	if (i + 1 < len && s[i] == '-' && s[i + 1] == ' ')
		i += 2;
	while (i < len && s[i] == ' ')
		i++;
	l->text = s + i;
	l->text_len = len - i;
	while (len > i && (s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	l->text_len = len - i;
	while (i + k < len && k + 1 < sizeof(l->key) &&
	       (isalnum((unsigned char)s[i + k]) || s[i + k] == '_' || s[i + k] == '-'))
		k++;
	if (k == 0 || i + k >= len || s[i + k] != ':')
		return;
	memcpy(l->key, s + i, k);
	l->key[k] = 0;
	i += k + 1;
	if (i < len && s[i] != ' ')
		return; /* "user:password" is a chpasswd list entry, not a key */
	while (i < len && s[i] == ' ')
		i++;
	l->value = s + i;
	l->value_len = len - i;
}

static bool is_hash(const char *v, size_t n)
{
	return n > 0 && v[0] == '$';
}

/* Strip YAML quotes around a scalar. */
static void unquote(const char **v, size_t *n)
{
	if (*n >= 2 && ((*v)[0] == '"' || (*v)[0] == '\'') && (*v)[*n - 1] == (*v)[0]) {
		(*v)++;
		*n -= 2;
	}
}

static void judge(struct sk_seed_scan *out, const char *key, const char *v, size_t n)
{
	unquote(&v, &n);
	if (n == 0 || (n == 6 && !strncmp(v, "RANDOM", 6)) || (n == 1 && v[0] == 'R') ||
	    v[0] == '|' || v[0] == '>')
		return;
	if (is_hash(v, n)) {
		out->hashed = true;
		return;
	}
	if (!out->plain)
		snprintf(out->plain_key, sizeof(out->plain_key), "%s", key);
	out->plain = true;
}

/* "user:secret" inside a chpasswd block. */
static void chpasswd_entry(struct sk_seed_scan *out, const struct line *l)
{
	const char *colon = memchr(l->text, ':', l->text_len);

	if (l->value || !colon || colon == l->text)
		return;
	for (const char *p = l->text; p < colon; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
			return;
	judge(out, "chpasswd", colon + 1, l->text_len - (size_t)(colon + 1 - l->text));
}

void sk_seed_scan(const uint8_t *buf, size_t len, struct sk_seed_scan *out)
{
	const char *s = (const char *)buf, *end = s + len;
	size_t chpasswd_indent = 0;
	bool in_chpasswd = false;

	memset(out, 0, sizeof(*out));
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		struct line l;

		split_line(s, n, &l);
		s += n + (nl ? 1 : 0);
		if (l.text_len == 0)
			continue;
		if (in_chpasswd && l.indent <= chpasswd_indent && l.key[0])
			in_chpasswd = false;
		if (!strcmp(l.key, "chpasswd")) {
			in_chpasswd = true;
			chpasswd_indent = l.indent;
		} else if (!strcmp(l.key, "password") || !strcmp(l.key, "plain_text_passwd")) {
			judge(out, l.key, l.value, l.value_len);
		} else if (!strcmp(l.key, "passwd") || !strcmp(l.key, "hashed_passwd")) {
			out->hashed |= l.value_len > 0;
		} else if (in_chpasswd) {
			chpasswd_entry(out, &l);
		}
	}
}
