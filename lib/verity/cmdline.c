/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How a guest kernel opens the verified root: the dm-verity table, as the
 * kernel's dm-init takes it on the command line (dm-mod.create=, no initramfs
 * needed), or as systemd-veritysetup-generator takes it (roothash= and friends).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/verity.h>

#include "util/hex.h"
#include "util/log.h"
#include "util/struct.h"

/* dm-init splits on ',' and ';', the command line on blanks and quotes. */
static int check_word(const char *what, const char *s)
{
	if (!s || !*s)
		return sk_fail(SEV_E_INVALID, "%s is missing", what);
	if (strpbrk(s, " \t\n\",;'\\"))
		return sk_fail(SEV_E_INVALID, "%s '%s' contains a blank, quote, ',' or ';'", what,
			       s);
	return 0;
}

static int check_boot(const struct sev_verity_params *p, size_t root_len,
		      const struct sev_verity_boot *b)
{
	struct sev_verity_geometry g;
	int rc = sev_verity_geometry(p, &g);

	if (rc)
		return rc;
	if (root_len != g.digest_size)
		return sk_fail(SEV_E_INVALID, "the root hash has %zu bytes, %s digests have %u",
			       root_len, p->hash_name, g.digest_size);
	rc = check_word("the data device", b->data_device);
	if (!rc)
		rc = check_word("the hash device", b->hash_device);
	if (!rc && b->name)
		rc = check_word("the device-mapper name", b->name);
	return rc;
}

static void put_hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

static void put_lower(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s, f);
}

static const char *const corruption_arg[] = {
	[SEV_VERITY_PANIC] = "panic_on_corruption",
	[SEV_VERITY_RESTART] = "restart_on_corruption",
	[SEV_VERITY_EIO] = NULL,
};

/* Text built with stdio; open_memstream keeps pointers to buf and len until closed. */
struct text {
	FILE *f;
	char *buf;
	size_t len;
};

static int text_open(struct text *t)
{
	t->buf = NULL;
	t->f = open_memstream(&t->buf, &t->len);
	return t->f ? 0 : -ENOMEM;
}

static int text_close(struct text *t, char **out)
{
	if (fclose(t->f) != 0) {
		free(t->buf);
		return -ENOMEM;
	}
	*out = t->buf;
	return 0;
}

static void put_table(FILE *f, const struct sev_verity_params *p,
		      const struct sev_verity_geometry *g, const uint8_t *root,
		      const struct sev_verity_boot *b)
{
	const char *opt[3];
	unsigned n = 0;

	fprintf(f, "0 %llu verity %u %s %s %u %u %llu %llu ",
		(unsigned long long)(p->data_blocks * p->data_block_size / 512), p->hash_type,
		b->data_device, b->hash_device, p->data_block_size, p->hash_block_size,
		(unsigned long long)p->data_blocks, (unsigned long long)g->hash_start_block);
	put_lower(f, p->hash_name);
	fputc(' ', f);
	put_hex(f, root, g->digest_size);
	fputc(' ', f);
	if (p->salt_size)
		put_hex(f, p->salt, p->salt_size);
	else
		fputc('-', f);
	if (b->on_corruption < SEV_VERITY_EIO)
		opt[n++] = corruption_arg[b->on_corruption];
	if (b->ignore_zero_blocks)
		opt[n++] = "ignore_zero_blocks";
	if (b->check_at_most_once)
		opt[n++] = "check_at_most_once";
	if (n)
		fprintf(f, " %u", n);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " %s", opt[i]);
}

static int do_verity_table(const struct sev_verity_params *p, const uint8_t *root, size_t root_len,
			   const struct sev_verity_boot *b, char **out)
{
	struct sev_verity_geometry g;
	struct text t;
	int rc = check_boot(p, root_len, b);

	if (!rc)
		rc = sev_verity_geometry(p, &g);
	if (!rc)
		rc = text_open(&t);
	if (rc)
		return rc;
	put_table(t.f, p, &g, root, b);
	return text_close(&t, out);
}

int sev_verity_table(const struct sev_verity_params *p, const uint8_t *root, size_t root_len,
		     const struct sev_verity_boot *b, char **out)
{
	struct sev_verity_params p_mine;
	struct sev_verity_boot b_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_verity_params")) ||
	    (rc = sk_struct_in(&b_mine, sizeof(b_mine), b, "sev_verity_boot")))
		return rc;
	return do_verity_table(&p_mine, root, root_len, &b_mine, out);
}

static int do_verity_cmdline_dm(const struct sev_verity_params *p, const uint8_t *root,
				size_t root_len, const struct sev_verity_boot *b, char **out)
{
	struct sev_verity_geometry g;
	struct text t;
	int rc = check_boot(p, root_len, b);

	if (!rc)
		rc = sev_verity_geometry(p, &g);
	if (!rc)
		rc = text_open(&t);
	if (rc)
		return rc;
	if (b->waitfor) {
		fprintf(t.f, "dm-mod.waitfor=%s", b->data_device);
		if (strcmp(b->data_device, b->hash_device) != 0)
			fprintf(t.f, ",%s", b->hash_device);
		fputc(' ', t.f);
	}
	fprintf(t.f, "dm-mod.create=\"%s,,,ro,", b->name ? b->name : "vroot");
	put_table(t.f, p, &g, root, b);
	fprintf(t.f, "\" root=/dev/dm-0");
	return text_close(&t, out);
}

int sev_verity_cmdline_dm(const struct sev_verity_params *p, const uint8_t *root,
			  size_t root_len, const struct sev_verity_boot *b, char **out)
{
	struct sev_verity_params p_mine;
	struct sev_verity_boot b_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_verity_params")) ||
	    (rc = sk_struct_in(&b_mine, sizeof(b_mine), b, "sev_verity_boot")))
		return rc;
	return do_verity_cmdline_dm(&p_mine, root, root_len, &b_mine, out);
}

/* veritytab(5) options; with a superblock the device itself says the rest. */
static void put_systemd_options(FILE *f, const struct sev_verity_params *p,
				const struct sev_verity_boot *b)
{
	static const char *const corruption[] = {
		[SEV_VERITY_PANIC] = "panic-on-corruption",
		[SEV_VERITY_RESTART] = "restart-on-corruption",
		[SEV_VERITY_EIO] = NULL,
	};
	const char *sep = " systemd.verity_root_options=";

	if (!p->superblock) {
		fprintf(f, "%ssuperblock=false,format=%u,data-block-size=%u,hash-block-size=%u,"
			"data-blocks=%llu,hash=", sep, p->hash_type, p->data_block_size,
			p->hash_block_size, (unsigned long long)p->data_blocks);
		put_lower(f, p->hash_name);
		fprintf(f, ",salt=");
		if (p->salt_size)
			put_hex(f, p->salt, p->salt_size);
		else
			fputc('-', f);
		sep = ",";
	}
	if (p->hash_offset) {
		fprintf(f, "%shash-offset=%llu", sep, (unsigned long long)p->hash_offset);
		sep = ",";
	}
	if (b->on_corruption < SEV_VERITY_EIO) {
		fprintf(f, "%s%s", sep, corruption[b->on_corruption]);
		sep = ",";
	}
	if (b->ignore_zero_blocks) {
		fprintf(f, "%signore-zero-blocks", sep);
		sep = ",";
	}
	if (b->check_at_most_once)
		fprintf(f, "%scheck-at-most-once", sep);
}

static int do_verity_cmdline_systemd(const struct sev_verity_params *p, const uint8_t *root,
				     size_t root_len, const struct sev_verity_boot *b, char **out)
{
	struct text t;
	int rc = check_boot(p, root_len, b);

	if (!rc)
		rc = text_open(&t);
	if (rc)
		return rc;
	fprintf(t.f, "roothash=");
	put_hex(t.f, root, root_len);
	fprintf(t.f, " systemd.verity_root_data=%s systemd.verity_root_hash=%s", b->data_device,
		b->hash_device);
	put_systemd_options(t.f, p, b);
	return text_close(&t, out);
}

int sev_verity_cmdline_systemd(const struct sev_verity_params *p, const uint8_t *root,
			       size_t root_len, const struct sev_verity_boot *b, char **out)
{
	struct sev_verity_params p_mine;
	struct sev_verity_boot b_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_verity_params")) ||
	    (rc = sk_struct_in(&b_mine, sizeof(b_mine), b, "sev_verity_boot")))
		return rc;
	return do_verity_cmdline_systemd(&p_mine, root, root_len, &b_mine, out);
}
