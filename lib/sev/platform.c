/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV platform commands over the device interface. Commands that return a
 * buffer first ask the firmware for its length (it answers INVALID_LEN with
 * the length filled in), check that length, then fetch into a buffer of that
 * size. Every length and buffer the device returns is checked before use.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/cert.h>

#include "sev/platform-dev.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

/* The kernel refuses larger blobs (SEV_FW_BLOB_MAX_SIZE). */
#define FW_BLOB_MAX 0x4000u

struct sev_platform {
	const struct sk_sev_dev_ops *ops;
	void *ctx;
	uint32_t fw_error;
	char *prefix; /* "DEVICE: " in errors; NULL for a platform opened without a name */
};

static const char *const cmd_names[SK_SEV_CMD_COUNT] = {
	"PLATFORM_RESET",  "PLATFORM_STATUS", "PEK_GEN", "PEK_CSR", "PDH_GEN",
	"PDH_CERT_EXPORT", "PEK_CERT_IMPORT", "GET_ID",  "GET_ID2",
	"SNP_PLATFORM_STATUS", "SNP_COMMIT", "SNP_SET_CONFIG",
};

const char *sk_sev_cmd_name(uint32_t cmd)
{
	return cmd < SK_SEV_CMD_COUNT ? cmd_names[cmd] : "?";
}

int sk_platform_new(const struct sk_sev_dev_ops *ops, void *ctx, struct sev_platform **p)
{
	struct sev_platform *n = calloc(1, sizeof(*n));

	if (!n)
		return -ENOMEM;
	n->ops = ops;
	n->ctx = ctx;
	*p = n;
	return 0;
}

int sk_platform_name(struct sev_platform *p, const char *device)
{
	size_t n = strlen(device) + 3;

	free(p->prefix);
	p->prefix = malloc(n);
	if (p->prefix)
		snprintf(p->prefix, n, "%s: ", device);
	return p->prefix ? 0 : -ENOMEM;
}

void sev_platform_close(struct sev_platform *p)
{
	if (!p)
		return;
	p->ops->close(p->ctx);
	free(p->prefix);
	free(p);
}

const char *sk_platform_prefix(const struct sev_platform *p)
{
	return p->prefix ? p->prefix : "";
}

uint32_t sev_platform_fw_error(const struct sev_platform *p)
{
	return p->fw_error;
}

const char *sev_platform_state_name(uint8_t state)
{
	switch (state) {
	case SEV_STATE_UNINIT: return "UNINIT";
	case SEV_STATE_INIT: return "INIT";
	case SEV_STATE_WORKING: return "WORKING";
	}
	return "?";
}

uint32_t sk_platform_cpuid1(struct sev_platform *p)
{
	return p->ops->cpuid1 ? p->ops->cpuid1(p->ctx) : 0;
}

int sk_platform_issue(struct sev_platform *p, uint32_t cmd, uint8_t *data)
{
	uint32_t fw = 0;
	int rc = p->ops->issue(p->ctx, cmd, data, &fw);

	p->fw_error = rc ? fw : 0;
	if (rc > 0 || rc < SEV_E_BASE)
		rc = -EIO;
	return rc;
}

/* Report a failed command: by firmware status name, or by errno. */
int sk_platform_refused(struct sev_platform *p, uint32_t cmd, int rc)
{
	const char *name = sev_fw_error_name(p->fw_error), *dev = sk_platform_prefix(p);

	if (rc == -EIO && p->fw_error) {
		if (name)
			return sk_fail(SEV_E_DEVICE, "%s%s: the firmware refused: %s (0x%04x)", dev,
				       cmd_names[cmd], name, p->fw_error);
		return sk_fail(SEV_E_DEVICE, "%s%s: the firmware refused with status 0x%04x", dev,
			       cmd_names[cmd], p->fw_error);
	}
	return sk_fail(rc, "%s%s: %s", dev, cmd_names[cmd], sev_strerror(rc));
}

/* A query for a length: the firmware answers INVALID_LEN (some kernels: success). */
static bool length_answer(const struct sev_platform *p, int rc)
{
	return rc == 0 || (rc == -EIO && p->fw_error == SK_FW_INVALID_LEN);
}

static int simple(struct sev_platform *p, uint32_t cmd)
{
	int rc = sk_platform_issue(p, cmd, NULL);

	return rc ? sk_platform_refused(p, cmd, rc) : 0;
}

int sev_platform_reset(struct sev_platform *p)
{
	return simple(p, SK_SEV_PLATFORM_RESET);
}

int sev_platform_pdh_gen(struct sev_platform *p)
{
	return simple(p, SK_SEV_PDH_GEN);
}

int sev_platform_pek_gen(struct sev_platform *p)
{
	return simple(p, SK_SEV_PEK_GEN);
}

int sev_platform_status(struct sev_platform *p, struct sev_platform_status *st)
{
	uint8_t blk[SK_STATUS_SIZE] = { 0 };
	struct sk_reader r;
	int rc = sk_platform_issue(p, SK_SEV_PLATFORM_STATUS, blk);

	if (rc)
		return sk_platform_refused(p, SK_SEV_PLATFORM_STATUS, rc);
	memset(st, 0, sizeof(*st));
	sk_reader_init(&r, blk, sizeof(blk), "PLATFORM_STATUS reply");
	if ((rc = sk_read_u8(&r, &st->api_major, "api_major")) ||
	    (rc = sk_read_u8(&r, &st->api_minor, "api_minor")) ||
	    (rc = sk_read_u8(&r, &st->state, "state")) ||
	    (rc = sk_read_u32(&r, &st->flags, "flags")) ||
	    (rc = sk_read_u8(&r, &st->build, "build")) ||
	    (rc = sk_read_u32(&r, &st->guest_count, "guest_count")))
		return rc;
	if (st->state > SEV_STATE_WORKING)
		return sk_reader_reject(&r, 2, "state", "0x%02x is not UNINIT, INIT or WORKING",
					st->state);
	return 0;
}

/* The u32 length at off of a parameter block the device filled in. */
static int reply_len(const uint8_t *blk, size_t size, size_t off, const char *what,
		     const char *field, uint32_t *len)
{
	struct sk_reader r;
	int rc;

	sk_reader_init(&r, blk, size, what);
	if ((rc = sk_read_seek(&r, off, field)) || (rc = sk_read_u32(&r, len, field)))
		return rc;
	if (*len > FW_BLOB_MAX)
		return sk_fail(SEV_E_TOOBIG, "%s: %s at offset 0x%zx: 0x%x bytes is more than "
			       "the 0x%x the kernel passes on", what, field, off, *len,
			       FW_BLOB_MAX);
	return 0;
}

static int expect_len(const uint8_t *blk, size_t size, size_t off, const char *what,
		      const char *field, uint32_t want)
{
	uint32_t len;
	int rc = reply_len(blk, size, off, what, field, &len);
	struct sk_reader r;

	if (rc)
		return rc;
	if (len != want) {
		sk_reader_init(&r, blk, size, what);
		return sk_reader_reject(&r, off, field, "0x%x bytes, expected 0x%x", len, want);
	}
	return 0;
}

static void put_buf(uint8_t *blk, size_t off, void *buf, uint32_t len)
{
	sk_put_le64(blk + off, (uint64_t)(uintptr_t)buf);
	sk_put_le32(blk + off + 8, len);
}

/*
 * A certificate that must be of the given usage: wrong is the code for a
 * certificate of another usage (the device's fault, or the caller's).
 */
static int cert_is(const uint8_t *buf, uint32_t usage, const char *what, int wrong)
{
	struct sev_cert c;
	int rc = sev_cert_parse(buf, SEV_CERT_SIZE, &c);

	if (rc)
		return sk_fail(rc, "%s: the %s certificate is malformed", what,
			       sev_usage_name(usage));
	if (c.usage != usage)
		return sk_fail(wrong, "%s: a %s certificate where the %s belongs", what,
			       sev_usage_name(c.usage), sev_usage_name(usage));
	return 0;
}

/* The length in a {u64 address, u32 length} block, judged for one command. */
typedef int (*len_check)(const uint8_t *blk, const char *what, uint32_t *len);

/*
 * The length protocol for one buffer: ask for the length, judge it, fetch
 * into a buffer of that size and check the same length comes back. The
 * caller frees *buf. With old_kernel, an EINVAL without firmware status (a
 * kernel that lacks the command) returns -EINVAL quietly, for a fallback.
 */
static int fetch(struct sev_platform *p, uint32_t cmd, const char *what, len_check check,
		 bool old_kernel, uint8_t **buf, uint32_t *len)
{
	uint8_t blk[SK_BUF_PARAM_SIZE] = { 0 };
	int rc = sk_platform_issue(p, cmd, blk);

	if (old_kernel && rc == -EINVAL && !p->fw_error)
		return rc;
	if (!length_answer(p, rc))
		return sk_platform_refused(p, cmd, rc);
	if ((rc = check(blk, what, len)))
		return rc;
	*buf = calloc(1, *len);
	if (!*buf)
		return -ENOMEM;
	put_buf(blk, 0, *buf, *len);
	rc = sk_platform_issue(p, cmd, blk);
	if (rc)
		rc = sk_platform_refused(p, cmd, rc);
	else
		rc = expect_len(blk, sizeof(blk), 8, what, "length", *len);
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

static int csr_len(const uint8_t *blk, const char *what, uint32_t *len)
{
	*len = SEV_CERT_SIZE;
	return expect_len(blk, SK_BUF_PARAM_SIZE, 8, what, "length", SEV_CERT_SIZE);
}

int sev_platform_pek_csr(struct sev_platform *p, uint8_t csr[SEV_CERT_SIZE])
{
	static const char what[] = "PEK_CSR reply";
	uint8_t *buf;
	uint32_t len;
	int rc = fetch(p, SK_SEV_PEK_CSR, what, csr_len, false, &buf, &len);

	if (rc)
		return rc;
	rc = cert_is(buf, SEV_USAGE_PEK, what, SEV_E_FORMAT);
	if (!rc)
		memcpy(csr, buf, SEV_CERT_SIZE);
	free(buf);
	return rc;
}

static int export_lengths(const uint8_t *blk)
{
	static const char what[] = "PDH_CERT_EXPORT reply";
	int rc = expect_len(blk, SK_PAIR_PARAM_SIZE, 8, what, "pdh_cert_len", SEV_CERT_SIZE);

	return rc ? rc : expect_len(blk, SK_PAIR_PARAM_SIZE, 20, what, "cert_chain_len",
				    3 * SEV_CERT_SIZE);
}

int sev_platform_export(struct sev_platform *p, uint8_t chain[4 * SEV_CERT_SIZE])
{
	static const uint32_t usage[4] = { SEV_USAGE_PDH, SEV_USAGE_PEK, SEV_USAGE_OCA,
					   SEV_USAGE_CEK };
	uint8_t blk[SK_PAIR_PARAM_SIZE] = { 0 };
	uint8_t *buf;
	int rc = sk_platform_issue(p, SK_SEV_PDH_CERT_EXPORT, blk);

	if (!length_answer(p, rc))
		return sk_platform_refused(p, SK_SEV_PDH_CERT_EXPORT, rc);
	if ((rc = export_lengths(blk)))
		return rc;
	buf = calloc(4, SEV_CERT_SIZE);
	if (!buf)
		return -ENOMEM;
	put_buf(blk, 0, buf, SEV_CERT_SIZE);
	put_buf(blk, 12, buf + SEV_CERT_SIZE, 3 * SEV_CERT_SIZE);
	rc = sk_platform_issue(p, SK_SEV_PDH_CERT_EXPORT, blk);
	if (rc)
		rc = sk_platform_refused(p, SK_SEV_PDH_CERT_EXPORT, rc);
	else
		rc = export_lengths(blk);
	for (size_t i = 0; !rc && i < 4; i++)
		rc = cert_is(buf + i * SEV_CERT_SIZE, usage[i], "PDH_CERT_EXPORT reply",
			     SEV_E_FORMAT);
	if (!rc)
		memcpy(chain, buf, 4 * SEV_CERT_SIZE);
	free(buf);
	return rc;
}

int sev_platform_pek_import(struct sev_platform *p, const uint8_t pek[SEV_CERT_SIZE],
			    const uint8_t oca[SEV_CERT_SIZE])
{
	uint8_t blk[SK_PAIR_PARAM_SIZE] = { 0 };
	uint8_t *buf;
	int rc;

	if ((rc = cert_is(pek, SEV_USAGE_PEK, "PEK_CERT_IMPORT", SEV_E_INVALID)) ||
	    (rc = cert_is(oca, SEV_USAGE_OCA, "PEK_CERT_IMPORT", SEV_E_INVALID)))
		return rc;
	/* ownership is the OCA's signature on the PEK: nothing else goes to the firmware */
	if ((rc = sev_pek_check_oca(pek, oca)))
		return rc;
	/* the device reads from writable memory of ours, never from the caller's */
	buf = malloc(2 * SEV_CERT_SIZE);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, pek, SEV_CERT_SIZE);
	memcpy(buf + SEV_CERT_SIZE, oca, SEV_CERT_SIZE);
	put_buf(blk, 0, buf, SEV_CERT_SIZE);
	put_buf(blk, 12, buf + SEV_CERT_SIZE, SEV_CERT_SIZE);
	rc = sk_platform_issue(p, SK_SEV_PEK_CERT_IMPORT, blk);
	free(buf);
	return rc ? sk_platform_refused(p, SK_SEV_PEK_CERT_IMPORT, rc) : 0;
}

/* An identifier is 64 bytes per socket, and never all zero. */
static int check_id(const uint8_t *id, size_t len, const char *what)
{
	if (len == 0 || len % 64 || len > SEV_ID_MAX)
		return sk_fail(SEV_E_FORMAT, "%s: length 0x%zx is not a multiple of 64 bytes up "
			       "to 0x%x", what, len, SEV_ID_MAX);
	if (sk_all_zero(id, len))
		return sk_fail(SEV_E_FORMAT, "%s: the identifier is all zero", what);
	return 0;
}

/* Kernels before GET_ID2 (5.1) only have GET_ID: two fixed 64-byte slots. */
static int get_id_legacy(struct sev_platform *p, uint8_t id[SEV_ID_MAX], size_t *len)
{
	uint8_t blk[SK_GET_ID_SIZE] = { 0 };
	int rc = sk_platform_issue(p, SK_SEV_GET_ID, blk);

	if (rc)
		return sk_platform_refused(p, SK_SEV_GET_ID, rc);
	*len = sk_all_zero(blk + 64, 64) ? 64 : 128;
	memcpy(id, blk, *len);
	return check_id(id, *len, "GET_ID reply");
}

static int id_len(const uint8_t *blk, const char *what, uint32_t *len)
{
	int rc = reply_len(blk, SK_BUF_PARAM_SIZE, 8, what, "length", len);

	if (!rc && (*len == 0 || *len % 64 || *len > SEV_ID_MAX))
		return sk_fail(SEV_E_FORMAT, "%s: length at offset 0x8: 0x%x is not a multiple "
			       "of 64 bytes up to 0x%x", what, *len, SEV_ID_MAX);
	return rc;
}

int sev_platform_get_id(struct sev_platform *p, uint8_t id[SEV_ID_MAX], size_t *len)
{
	static const char what[] = "GET_ID2 reply";
	uint8_t *buf;
	uint32_t n;
	int rc = fetch(p, SK_SEV_GET_ID2, what, id_len, true, &buf, &n);

	if (rc == -EINVAL)
		return get_id_legacy(p, id, len);
	if (rc)
		return rc;
	rc = check_id(buf, n, what);
	if (!rc) {
		memcpy(id, buf, n);
		*len = n;
	}
	free(buf);
	return rc;
}
