/* SPDX-License-Identifier: Apache-2.0 */
/* How memscan scan and audit print hits, the entropy map and the source, in text and JSON */
#include "memscan-common.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ms_cli_space(enum sev_memscan_space s)
{
	return s == SEV_MEMSCAN_PHYS ? "guest-physical" : "virtual";
}

void ms_cli_addr(const struct sev_memscan_hit *h, char *buf, size_t n)
{
	snprintf(buf, n, "0x%" PRIx64, h->has_phys ? h->phys : h->addr);
}

/*
 * Mark the bytes of ctx that belong to an occurrence of a secret, also one cut
 * by the edge of the context if at least 4 of its characters show.
 */
static void mask_secrets(const struct ms_cli *s, const uint8_t *ctx, size_t n, bool *mask)
{
	for (size_t k = 0; k < s->n_secrets; k++) {
		const uint8_t *sec = s->secrets[k].bytes;
		size_t len = s->secrets[k].len;

		for (size_t step = 1; step <= (s->secrets[k].text ? 2u : 1u); step++) {
			long long wlen = (long long)(len * step), ln = (long long)n;
			long long need = wlen < 4 * (long long)step ? wlen : 4 * (long long)step;

			for (long long at = need - wlen; at <= ln - need; at++) {
				long long lo = at < 0 ? 0 : at, hi = at + wlen > ln ? ln : at + wlen;
				bool same = true;

				for (long long p = lo; p < hi && same; p++) {
					size_t j = (size_t)(p - at);

					same = ctx[p] == ((j % step) ? 0 : sec[j / step]);
				}
				for (long long p = lo; same && p < hi; p++)
					mask[p] = true;
			}
		}
	}
}

/* Printable text of bytes: \xHH for the rest, '*' for masked bytes. */
static char *escape(const uint8_t *p, size_t n, const bool *mask)
{
	char *out = malloc(4 * n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (mask && mask[i])
			*o++ = '*';
		else if (p[i] == '\\')
			o += sprintf(o, "\\\\");
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			*o++ = (char)p[i];
		else if (p[i] == '\n')
			o += sprintf(o, "\\n");
		else
			o += sprintf(o, "\\x%02x", p[i]);
	}
	*o = 0;
	return out;
}

/* A secret hit's text: masked "ab********yz" (ends only when 12 or more bytes). */
static char *masked_match(const struct ms_cli *s, const struct sev_memscan_hit *h)
{
	const uint8_t *m = h->context + h->match_offset;
	size_t n = h->match_in_context, step = h->utf16 ? 2 : 1, chars = n / step;
	bool *mask;
	char *out;

	if (s->show_secrets || h->kind != SEV_MEMSCAN_SECRET) {
		mask = calloc(n ? n : 1, 1);
		if (mask && h->kind != SEV_MEMSCAN_SECRET && !s->show_secrets)
			mask_secrets(s, m, n, mask);
		out = mask ? escape(m, n, mask) : NULL;
		free(mask);
		return out;
	}
	out = malloc(chars + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < chars; i++) {
		bool show = chars >= 12 && (i < 2 || i + 2 >= chars);
		uint8_t c = m[i * step];

		out[i] = show && c >= 0x20 && c < 0x7f ? (char)c : '*';
	}
	out[chars] = 0;
	return out;
}

static char *context_text(const struct ms_cli *s, const struct sev_memscan_hit *h)
{
	bool *mask = calloc(h->context_len ? h->context_len : 1, 1);
	char *out;

	if (!mask)
		return NULL;
	if (!s->show_secrets)
		mask_secrets(s, h->context, h->context_len, mask);
	out = escape(h->context, h->context_len, mask);
	free(mask);
	return out;
}

static const char *kind_name(const struct sev_memscan_hit *h)
{
	return h->kind == SEV_MEMSCAN_SECRET ? "secret"
	       : h->kind == SEV_MEMSCAN_REGEX ? "pattern"
					      : "detector";
}

static const char *stored_name(enum sev_memscan_storage st)
{
	return st == SEV_MEMSCAN_STORED_ZLIB ? "zlib" : st == SEV_MEMSCAN_STORED_NONE ? "memory"
										     : "raw";
}

static void print_hit(struct cli *cli, const struct ms_cli *s, const struct sev_memscan_hit *h)
{
	char what[64], where[96] = "";
	char *match = masked_match(s, h), *ctx = context_text(s, h);

	if (h->kind == SEV_MEMSCAN_DETECTOR)
		snprintf(what, sizeof(what), "%s", h->name);
	else
		snprintf(what, sizeof(what), "%s #%u", kind_name(h), h->index + 1);
	if (h->has_phys)
		snprintf(where, sizeof(where), "phys 0x%" PRIx64, h->phys);
	if (h->has_vaddr)
		snprintf(where + strlen(where), sizeof(where) - strlen(where), "%svirt 0x%" PRIx64,
			 where[0] ? " " : "", h->vaddr);
	cli_print(cli, "%s%-24s%s %s%s", cli_bold(cli), what, cli_reset(cli), where,
		  h->utf16 ? " utf-16le" : "");
	if (h->storage == SEV_MEMSCAN_STORED_RAW)
		cli_print(cli, " file 0x%" PRIx64, h->file_offset);
	else if (h->storage == SEV_MEMSCAN_STORED_ZLIB)
		cli_print(cli, " file 0x%" PRIx64 " (zlib page)", h->file_offset);
	cli_print(cli, " len %" PRIu64 "\n    %s%s%s\n", h->len, cli_red(cli),
		  match ? match : "", cli_reset(cli));
	if (ctx && s->opt.context)
		cli_print(cli, "    context: %s\n", ctx);
	free(match);
	free(ctx);
}

void ms_cli_print_hits(struct cli *cli, const struct ms_cli *s, const struct sev_memscan_result *r)
{
	for (size_t i = 0; i < r->n_hits; i++)
		print_hit(cli, s, &r->hits[i]);
	if (r->total_hits > r->n_hits)
		cli_print(cli, "(%" PRIu64 " more hits not listed: --max-hits)\n",
			  r->total_hits - r->n_hits);
}

static json_t *hex_addr(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_string(buf);
}

static json_t *hit_json(const struct ms_cli *s, const struct sev_memscan_hit *h)
{
	json_t *o = json_object();
	char *match = masked_match(s, h), *ctx = context_text(s, h);

	json_object_set_new(o, "kind", json_string(kind_name(h)));
	json_object_set_new(o, "name", json_string(h->name));
	json_object_set_new(o, "index", json_integer(h->index + 1));
	json_object_set_new(o, "encoding", json_string(h->utf16 ? "utf-16le" : "ascii"));
	json_object_set_new(o, "address", hex_addr(h->addr));
	json_object_set_new(o, "guest_physical", h->has_phys ? hex_addr(h->phys) : json_null());
	json_object_set_new(o, "virtual", h->has_vaddr ? hex_addr(h->vaddr) : json_null());
	json_object_set_new(o, "file_offset", h->storage == SEV_MEMSCAN_STORED_NONE
						      ? json_null()
						      : hex_addr(h->file_offset));
	json_object_set_new(o, "stored", json_string(stored_name(h->storage)));
	json_object_set_new(o, "length", json_integer((json_int_t)h->len));
	json_object_set_new(o, "page", json_integer((json_int_t)h->page));
	json_object_set_new(o, "match", json_string(match ? match : ""));
	json_object_set_new(o, "context", json_string(ctx ? ctx : ""));
	free(match);
	free(ctx);
	return o;
}

json_t *ms_cli_hits_json(const struct ms_cli *s, const struct sev_memscan_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->n_hits; i++)
		json_array_append_new(a, hit_json(s, &r->hits[i]));
	return a;
}

json_t *ms_cli_entropy_json(const struct sev_memscan_result *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "pages", json_integer((json_int_t)r->pages));
	json_object_set_new(o, "zero_pages", json_integer((json_int_t)r->zero_pages));
	json_object_set_new(o, "encrypted_pages", json_integer((json_int_t)r->encrypted_pages));
	json_object_set_new(o, "encrypted_fraction", json_real(sev_memscan_encrypted_fraction(r)));
	json_object_set_new(o, "threshold_bits", json_real(SEV_MEMSCAN_ENCRYPTED_BITS));
	json_object_set_new(o, "mean_bits", json_real(r->mean_entropy));
	return o;
}

json_t *ms_cli_source_json(const struct sev_memscan *m, const char *name)
{
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);
	json_t *o = json_object();

	sev_memscan_get_info(m, &info);
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "format", json_string(info.format_name));
	json_object_set_new(o, "producer", json_string(info.producer));
	json_object_set_new(o, "addresses", json_string(ms_cli_space(info.space)));
	json_object_set_new(o, "bytes", json_integer((json_int_t)info.bytes));
	return o;
}

