/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The table of report checks (check-table.c), shared by what reads checks
 * (options in check-table.c, policy files in checks-json.c), merges them
 * (checks-merge.c) and runs them (checks.c). Each of those handles every kind
 * below; a new check of a known kind is one row of the table.
 */
#ifndef SK_SNP_CHECK_TABLE_H
#define SK_SNP_CHECK_TABLE_H

#include <sevkit/snp.h>

#include <string.h>

enum sk_check_kind {
	SK_CHECK_HEX,         /* exact bytes, given in hex; the report's bytes at field */
	SK_CHECK_EXACT,       /* exact number */
	SK_CHECK_MIN,         /* minimum number */
	SK_CHECK_MIN_PAIR,    /* minimum MAJOR.MINOR, stored as two bytes */
	SK_CHECK_MIN_TCB,     /* minimum TCB, SPL by SPL (struct sev_snp_tcb_spec) */
	SK_CHECK_ALLOW,       /* a policy bit that is refused unless allowed */
	SK_CHECK_FORBID,      /* a policy bit that must be clear when asked */
	SK_CHECK_REQUIRE,     /* a policy bit that must be set when asked */
	SK_CHECK_BITS_SET,    /* PLATFORM_INFO bits that must be set */
	SK_CHECK_BITS_CLEAR,  /* PLATFORM_INFO bits that must be clear */
	SK_CHECK_PRODUCT,     /* product line, and stepping if given */
	SK_CHECK_DENY_PRODUCT, /* an entry of the deny list: a product line or stepping */
	SK_CHECK_DENY_TCB,    /* an entry of the deny list: a REPORTED_TCB */
};

struct sk_snp_check {
	struct sev_snp_check_info info;
	enum sk_check_kind kind;
	size_t has;   /* offset of the bool saying that it is given (kinds that have one) */
	size_t value; /* offset of the value in struct sev_snp_checks */
	size_t size;  /* bytes of the value (hex, numbers) */
	uint64_t max; /* the largest number taken */
	size_t field; /* hex: offset of the report's bytes in struct sev_snp_report */
	uint64_t (*got)(const struct sev_snp_report *r); /* numbers, TCBs, bits: the report's */
	uint64_t bit;   /* policy flags: the bit */
	bool show_hex;  /* exact numbers: print them in hex */
	bool reference; /* also taken from a reference-values document */
};

/* The rows, in the order the checks run. */
const struct sk_snp_check *sk_snp_check_rows(size_t *n);
/* The row of a policy-file key, or also of an option name, or NULL. */
const struct sk_snp_check *sk_snp_check_find(const char *name, bool options);
/* Rows that share their storage (the deny list) are merged and run once, at the first. */
bool sk_snp_check_first_of_storage(const struct sk_snp_check *k);

/*
 * Set a row from text as its option takes it. doc names the document the
 * text comes from ("policy file"), NULL for an option: the error says so.
 */
int sk_snp_check_parse(const struct sk_snp_check *k, struct sev_snp_checks *c, const char *text,
		       const char *doc);
/* Log that the value of a row is not what it takes (desc) and return the error. */
int sk_snp_check_bad(const struct sk_snp_check *k, const char *doc, const char *desc);
/* What a row takes, for messages. */
const char *sk_snp_check_desc(const struct sk_snp_check *k, char *buf, size_t n);

/* Parts of sk_snp_check_parse() that policy files use on their own, with its errors. */
int sk_snp_check_bit(const struct sk_snp_check *k, const char *doc, const char *name,
		     uint64_t *mask);
int sk_snp_check_product(const struct sk_snp_check *k, const char *text, const char *doc,
			 enum sev_snp_product *p, char stepping[8]);
int sk_snp_check_tcb(const struct sk_snp_check *k, const char *text, const char *doc,
		     struct sev_snp_tcb_spec *s);

static inline void *sk_check_at(struct sev_snp_checks *c, size_t off)
{
	return (char *)c + off;
}

static inline const void *sk_check_cat(const struct sev_snp_checks *c, size_t off)
{
	return (const char *)c + off;
}

/* A number of 1, 4 or 8 bytes, as the struct stores it. */
static inline uint64_t sk_check_load(const void *p, size_t size)
{
	uint64_t v8 = 0;
	uint32_t v4 = 0;
	uint8_t v1 = 0;

	switch (size) {
	case 1: memcpy(&v1, p, 1); return v1;
	case 4: memcpy(&v4, p, 4); return v4;
	default: memcpy(&v8, p, 8); return v8;
	}
}

static inline void sk_check_store(void *p, size_t size, uint64_t v)
{
	uint32_t v4 = (uint32_t)v;
	uint8_t v1 = (uint8_t)v;

	switch (size) {
	case 1: memcpy(p, &v1, 1); break;
	case 4: memcpy(p, &v4, 4); break;
	default: memcpy(p, &v, 8); break;
	}
}

#endif
