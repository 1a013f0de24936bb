/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The writer of reference-values documents (`sevkit measure --json`); the
 * reader is sev_snp_checks_from_reference() in checks-json.c. Keys come in a
 * fixed order so that documents compare as text.
 */
#include <sevkit/snp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "crypto/base64.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/struct.h"

static const char *const mode_names[] = {
	[SEV_REFERENCE_SEV] = "sev",
	[SEV_REFERENCE_SEV_ES] = "seves",
	[SEV_REFERENCE_SNP] = "snp",
	[SEV_REFERENCE_OVMF_HASH] = "snp:ovmf-hash",
	[SEV_REFERENCE_SVSM] = "snp:svsm",
};

static json_t *hex_string(const uint8_t *p, size_t n)
{
	char *hex = sk_hex_dup(p, n);
	json_t *s = hex ? json_string(hex) : NULL;

	free(hex);
	return s;
}

static json_t *number_string(const char *fmt, unsigned long long v)
{
	char text[24];

	snprintf(text, sizeof(text), fmt, v);
	return json_string(text);
}

static void add_file(json_t *in, const char *key, const struct sev_reference_file *f)
{
	json_t *o;

	if (!f->path)
		return;
	o = json_object();
	json_object_set_new(o, "path", json_string(f->path));
	json_object_set_new(o, "sha256", hex_string(f->sha256, sizeof(f->sha256)));
	json_object_set_new(in, key, o);
}

static json_t *inputs(const struct sev_reference *r)
{
	json_t *in = json_object();

	add_file(in, "ovmf", &r->ovmf);
	add_file(in, "svsm", &r->svsm);
	if (r->kernel.path) {
		add_file(in, "kernel", &r->kernel);
		add_file(in, "initrd", &r->initrd);
		json_object_set_new(in, "append", json_string(r->append ? r->append : ""));
	}
	return in;
}

static void add_vcpus(json_t *doc, const struct sev_reference *r)
{
	json_object_set_new(doc, "vcpus", json_integer(r->vcpus));
	json_object_set_new(doc, "vcpu_type", r->vcpu_type ? json_string(r->vcpu_type) :
			    json_null());
	json_object_set_new(doc, "vcpu_sig", r->has_vcpu_sig ?
			    number_string("0x%llx", r->vcpu_sig) : json_null());
	json_object_set_new(doc, "vmm_type", json_string(sev_vmm_type_name(r->vmm)));
	json_object_set_new(doc, "vmsa_features",
			    json_string(r->fpu == SEV_VMSA_INIT2 ? "init2" : "legacy"));
	if (r->mode == SEV_REFERENCE_SNP)
		json_object_set_new(doc, "guest_features",
				    number_string("0x%llx", r->guest_features));
	if (r->mode == SEV_REFERENCE_SVSM)
		json_object_set_new(doc, "vars_size", json_integer((json_int_t)r->vars_size));
}

static json_t *document(const struct sev_reference *r, const char *b64)
{
	json_t *doc = json_object();
	bool sev = r->mode == SEV_REFERENCE_SEV || r->mode == SEV_REFERENCE_SEV_ES;
	bool ovmf_hash = r->mode == SEV_REFERENCE_OVMF_HASH;

	/* the firmware digest alone is no launch measurement: no reference document */
	if (!ovmf_hash)
		json_object_set_new(doc, "sevkit_reference_values", json_integer(1));
	json_object_set_new(doc, "mode", json_string(mode_names[r->mode]));
	json_object_set_new(doc, ovmf_hash ? "ovmf_hash" : "measurement",
			    hex_string(r->measurement, r->measurement_len));
	if (b64)
		json_object_set_new(doc, "measurement_base64", json_string(b64));
	if (sev) {
		/* the keys of earlier sevkit versions */
		json_object_set_new(doc, "launch_digest",
				    hex_string(r->measurement, r->measurement_len));
		if (b64)
			json_object_set_new(doc, "launch_digest_base64", json_string(b64));
	}
	if (r->has_policy || !sev)
		json_object_set_new(doc, "policy", number_string("0x%llx", r->policy));
	if (r->mode != SEV_REFERENCE_SEV && !ovmf_hash)
		add_vcpus(doc, r);
	json_object_set_new(doc, "inputs", inputs(r));
	return doc;
}

static int do_snp_reference_to_json(const struct sev_reference *r, char **json)
{
	char *b64 = NULL;
	json_t *doc;

	*json = NULL;
	if ((unsigned)r->mode >= sizeof(mode_names) / sizeof(mode_names[0]) ||
	    !r->measurement || r->measurement_len == 0)
		return sk_fail(SEV_E_INVALID, "reference values: no measurement or an unknown mode");
	if (r->base64 && !(b64 = sk_base64_encode(r->measurement, r->measurement_len)))
		return -ENOMEM;
	doc = document(r, b64);
	*json = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	free(b64);
	return *json ? 0 : -ENOMEM;
}

int sev_snp_reference_to_json(const struct sev_reference *r, char **json)
{
	struct sev_reference r_mine;
	int rc;

	if ((rc = sk_struct_in(&r_mine, sizeof(r_mine), r, "sev_reference")))
		return rc;
	return do_snp_reference_to_json(&r_mine, json);
}
