/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The QEMU command line of a SEV / SEV-ES / SEV-SNP machine: q35 with the
 * confidential-guest-support link to a sev-guest (QEMU >= 2.12) or
 * sev-snp-guest (QEMU >= 9.1) object, RAM from a memfd backend, OVMF, and
 * optionally a directly booted kernel. Property names are QEMU's
 * (qapi/qom.json SevGuestProperties / SevSnpGuestProperties).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/domain.h>

#include "util/log.h"
#include "util/struct.h"
#include "vm/xml.h"

struct args {
	char **v;
	size_t n, cap;
	int rc;
};

static void push(struct args *a, char *s)
{
	if (!a->rc && !s)
		a->rc = -ENOMEM;
	if (a->rc) {
		free(s);
		return;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 32;
		char **v = realloc(a->v, cap * sizeof(*v));

		if (!v) {
			free(s);
			a->rc = -ENOMEM;
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = s;
}

static void pushf(struct args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void pushf(struct args *a, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	push(a, s);
}

/* QEMU's key=value lists end a value at ',': a literal comma is written ",,". */
static char *opt_escape(const char *v)
{
	size_t n = 0;
	char *out, *p;

	for (const char *s = v; *s; s++)
		n += *s == ',' ? 2 : 1;
	out = malloc(n + 1);
	if (!out)
		return NULL;
	p = out;
	for (const char *s = v; *s; s++) {
		*p++ = *s;
		if (*s == ',')
			*p++ = ',';
	}
	*p = 0;
	return out;
}

/* Append ",key=value" (value escaped) to the string in *s. */
static void add_prop(struct args *a, char **s, const char *key, const char *value)
{
	char *esc, *next = NULL;

	if (a->rc || !value)
		return;
	esc = opt_escape(value);
	if (!esc || asprintf(&next, "%s,%s=%s", *s, key, esc) < 0) {
		free(esc);
		a->rc = -ENOMEM;
		return;
	}
	free(esc);
	free(*s);
	*s = next;
}

static int check(const struct sev_qemu_options *o, uint64_t policy)
{
	bool snp = o->mode == SEV_MODE_SEV_SNP;
	int rc;

	if (o->mode != SEV_MODE_SEV && o->mode != SEV_MODE_SEV_ES && !snp)
		return sk_fail(SEV_E_INVALID, "unknown launch security mode %d", (int)o->mode);
	if ((rc = sev_mode_check_policy(o->mode, policy)))
		return rc;
	if (o->memory_mib == 0 || o->memory_mib > (1ull << 32))
		return sk_fail(SEV_E_INVALID, "memory size must be between 1 MiB and 4 PiB");
	if (o->cbitpos > 63 || o->reduced_phys_bits > 63)
		return sk_fail(SEV_E_INVALID, "cbitpos and reduced-phys-bits are 6-bit values");
	if (snp && (o->dh_cert_file || o->session_file))
		return sk_fail(SEV_E_INVALID, "SEV-SNP has no DH certificate or session file");
	if (!snp && (o->id_block || o->id_auth || o->host_data || o->author_key))
		return sk_fail(SEV_E_INVALID, "ID block, ID auth, host data and author key are "
					      "SEV-SNP launch inputs");
	if ((o->initrd || o->append || o->kernel_hashes) && !o->kernel)
		return sk_fail(SEV_E_INVALID, "an initrd, a command line or kernel hashes need a kernel");
	if (o->author_key && !o->id_auth)
		return sk_fail(SEV_E_INVALID, "the author key flag needs an ID auth structure");
	if (o->id_block && (rc = sk_check_b64_len("ID block", o->id_block, SEV_SNP_ID_BLOCK_LEN)))
		return rc;
	if (o->id_auth && (rc = sk_check_b64_len("ID auth", o->id_auth, SEV_SNP_ID_AUTH_LEN)))
		return rc;
	if (o->host_data &&
	    (rc = sk_check_b64_len("host data", o->host_data, SEV_SNP_HOST_DATA_LEN)))
		return rc;
	return 0;
}

static char *guest_object(struct args *a, const struct sev_qemu_options *o, uint64_t policy)
{
	bool snp = o->mode == SEV_MODE_SEV_SNP;
	char *s = NULL;

	if (asprintf(&s, "%s,id=sev0,policy=0x%" PRIx64 ",cbitpos=%" PRIu32
		     ",reduced-phys-bits=%" PRIu32, snp ? "sev-snp-guest" : "sev-guest", policy,
		     o->cbitpos, o->reduced_phys_bits) < 0) {
		a->rc = -ENOMEM;
		return NULL;
	}
	add_prop(a, &s, "dh-cert-file", o->dh_cert_file);
	add_prop(a, &s, "session-file", o->session_file);
	add_prop(a, &s, "id-block", o->id_block);
	add_prop(a, &s, "id-auth", o->id_auth);
	add_prop(a, &s, "author-key-enabled", o->author_key ? "on" : NULL);
	add_prop(a, &s, "host-data", o->host_data);
	add_prop(a, &s, "kernel-hashes", o->kernel_hashes ? "on" : NULL);
	return s;
}

static void firmware(struct args *a, const struct sev_qemu_options *o)
{
	const char *fw = o->firmware ? o->firmware : sev_default_firmware(o->mode);
	char *s = strdup("if=pflash,format=raw,unit=0,readonly=on");

	if (o->mode == SEV_MODE_SEV_SNP) {
		/* SNP private memory cannot back a flash device: OVMF runs as a ROM */
		free(s);
		push(a, strdup("-bios"));
		push(a, strdup(fw));
		return;
	}
	if (!s) {
		a->rc = -ENOMEM;
		return;
	}
	add_prop(a, &s, "file", fw);
	push(a, strdup("-drive"));
	push(a, s);
}

static int qemu_args(const struct sev_qemu_options *o, char ***argv, size_t *argc)
{
	uint64_t policy = o->have_policy ? o->policy : sev_mode_default_policy(o->mode);
	struct args a = { 0 };
	int rc;

	if ((rc = check(o, policy)))
		return rc;
	push(&a, strdup(o->binary ? o->binary : "qemu-system-x86_64"));
	push(&a, strdup("-machine"));
	push(&a, strdup("q35,confidential-guest-support=sev0,memory-backend=ram1"));
	push(&a, strdup("-m"));
	pushf(&a, "%" PRIu64 "M", o->memory_mib);
	push(&a, strdup("-object"));
	pushf(&a, "memory-backend-memfd,id=ram1,size=%" PRIu64 "M%s", o->memory_mib,
	      o->mode == SEV_MODE_SEV_SNP ? ",share=true,prealloc=false" : "");
	push(&a, strdup("-object"));
	push(&a, guest_object(&a, o, policy));
	if (o->mode != SEV_MODE_SEV_SNP) {
		/* libvirt's <locked/>: SEV pins guest pages */
		push(&a, strdup("-overcommit"));
		push(&a, strdup("mem-lock=on"));
	}
	firmware(&a, o);
	if (o->kernel) {
		push(&a, strdup("-kernel"));
		push(&a, strdup(o->kernel));
	}
	if (o->initrd) {
		push(&a, strdup("-initrd"));
		push(&a, strdup(o->initrd));
	}
	if (o->append) {
		push(&a, strdup("-append"));
		push(&a, strdup(o->append));
	}
	if (a.rc) {
		sev_qemu_args_free(a.v, a.n);
		return a.rc;
	}
	*argv = a.v;
	*argc = a.n;
	return 0;
}

int sev_qemu_args(const struct sev_qemu_options *opt, char ***argv, size_t *argc)
{
	struct sev_qemu_options o = SEV_INIT(struct sev_qemu_options);
	int rc;

	*argv = NULL;
	*argc = 0;
	if ((rc = sk_struct_in(&o, sizeof(o), opt, "sev_qemu_options")))
		return rc;
	return qemu_args(&o, argv, argc);
}

void sev_qemu_args_free(char **argv, size_t argc)
{
	for (size_t i = 0; argv && i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* Leave words of safe characters bare; quote the rest with '...' ('\'' for a quote). */
static bool shell_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "@%+=:,./-_", *s))
			return false;
	return true;
}

char *sev_shell_join(char *const *argv, size_t argc)
{
	size_t n = 1;
	char *out, *p;

	for (size_t i = 0; i < argc; i++) {
		n += 3;
		for (const char *s = argv[i]; *s; s++)
			n += *s == '\'' ? 4 : 1;
	}
	out = malloc(n);
	if (!out)
		return NULL;
	p = out;
	for (size_t i = 0; i < argc; i++) {
		bool q = !shell_safe(argv[i]);

		if (i)
			*p++ = ' ';
		if (q)
			*p++ = '\'';
		for (const char *s = argv[i]; *s; s++) {
			if (*s == '\'') {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *s;
			}
		}
		if (q)
			*p++ = '\'';
	}
	*p = 0;
	return out;
}
