/* SPDX-License-Identifier: Apache-2.0 */
/* What a seal writes for verifiers: reference values, trustee's RVPS form, the manifest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/snp.h>

#include "crypto/base64.h"
#include "seal-internal.h"
#include "util/json.h"

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* JSON text with a final newline, as a file holds it (NULL when out of memory). */
static char *text_of(json_t *doc)
{
	char *body = doc ? json_dumps(doc, DUMP_FLAGS) : NULL, *text = NULL;

	if (body && asprintf(&text, "%s\n", body) < 0)
		text = NULL;
	free(body);
	json_decref(doc);
	return text;
}

static json_t *hex_number(uint64_t v)
{
	char text[24];

	snprintf(text, sizeof(text), "0x%llx", (unsigned long long)v);
	return json_string(text);
}

static void reference_file(struct sev_reference_file *f, const struct seal_input *in)
{
	f->path = in->path;
	memcpy(f->sha256, in->sha256, sizeof(f->sha256));
}

char *seal_reference_json(const struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;
	struct sev_reference r = {
		.size = sizeof(r), .mode = SEV_REFERENCE_SNP,
		.measurement = s->r->measurement, .measurement_len = SEV_SNP_LD_LEN,
		.base64 = true, .has_policy = true, .policy = c->policy, .vcpus = c->vcpus,
		.has_vcpu_sig = true, .vcpu_sig = c->vcpu_sig, .vcpu_type = c->vcpu_type,
		.vmm = c->vmm, .fpu = c->fpu, .guest_features = c->guest_features,
		.append = s->cmdline,
	};
	char *body = NULL, *text = NULL;

	reference_file(&r.ovmf, &s->ovmf);
	reference_file(&r.kernel, &s->kernel);
	if (s->initrd.path)
		reference_file(&r.initrd, &s->initrd);
	if (sev_snp_reference_to_json(&r, &body) == 0 && asprintf(&text, "%s\n", body) < 0)
		text = NULL;
	free(body);
	return text;
}

/*
 * trustee's RVPS takes {version, type, payload}: for type "sample" the payload is
 * the base64 of {name: [values]}. Its SNP verifier gives the measurement as
 * standard base64, and its default policy looks it up as snp_launch_measurement.
 */
char *seal_rvps_json(const struct seal_state *s)
{
	char *m = sk_base64_encode(s->r->measurement, SEV_SNP_LD_LEN), *payload = NULL;
	char *b64 = NULL;
	json_t *values = json_object(), *doc = NULL;

	if (m && values) {
		json_object_set_new(values, "snp_launch_measurement", json_pack("[s]", m));
		payload = json_dumps(values, JSON_COMPACT | JSON_SORT_KEYS);
	}
	if (payload)
		b64 = sk_base64_encode((const uint8_t *)payload, strlen(payload));
	if (b64)
		doc = json_pack("{s:s, s:s, s:s}", "version", "0.1.0", "type", "sample", "payload",
				b64);
	json_decref(values);
	free(m);
	free(payload);
	free(b64);
	return text_of(doc);
}

static json_t *input_json(const struct seal_input *in)
{
	return json_pack("{s:s, s:o}", "path", in->path, "sha384",
			 sk_json_hex(in->sha384, sizeof(in->sha384)));
}

static json_t *image_json(const struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;
	const struct sev_seal_result *r = s->r;

	/* the root hash is the image's digest here: the tree covers every data byte */
	return json_pack("{s:s, s:I, s:I, s:I, s:o}", "path", c->image, "partition",
			 (json_int_t)c->partition, "data_offset", (json_int_t)r->data_offset,
			 "data_size", (json_int_t)r->data_size, "root_hash",
			 sk_json_hex(r->root, r->root_len));
}

static json_t *inputs_json(const struct seal_state *s)
{
	json_t *in = json_object();

	json_object_set_new(in, "image", image_json(s));
	json_object_set_new(in, "ovmf", input_json(&s->ovmf));
	json_object_set_new(in, "kernel", input_json(&s->kernel));
	if (s->initrd.path)
		json_object_set_new(in, "initrd", input_json(&s->initrd));
	/* the library is given the certificate's bytes, not its name */
	if (s->root_sig)
		json_object_set_new(in, "sign_cert",
				    json_pack("{s:o}", "sha384",
					      sk_json_hex(s->sign_cert_sha384,
							  sizeof(s->sign_cert_sha384))));
	return in;
}

static json_t *verity_json(const struct seal_state *s)
{
	const struct sev_verity_params *p = &s->p;
	char uuid[37];

	sev_verity_uuid_format(p->uuid, uuid);
	return json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:o, s:s, s:b, s:s, s:o}",
			 "format", (json_int_t)p->hash_type, "hash", p->hash_name,
			 "data_block_size", (json_int_t)p->data_block_size, "hash_block_size",
			 (json_int_t)p->hash_block_size, "data_blocks", (json_int_t)p->data_blocks,
			 "hash_offset", (json_int_t)p->hash_offset, "salt",
			 p->salt_size ? sk_json_hex(p->salt, p->salt_size) : json_string("-"),
			 "uuid", uuid, "superblock", p->superblock, "hash_device", s->hash_path,
			 "hash_device_sha384", sk_json_hex(s->hash_sha384, sizeof(s->hash_sha384)));
}

static json_t *launch_json(const struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;

	return json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:s, s:s}",
			 "append", c->append ? c->append : "", "cmdline_form",
			 c->systemd ? "systemd" : "dm-mod", "vcpus", (json_int_t)c->vcpus,
			 "vcpu_type", c->vcpu_type ? json_string(c->vcpu_type) : json_null(),
			 "vcpu_sig", hex_number(c->vcpu_sig), "guest_features",
			 hex_number(c->guest_features), "policy", hex_number(c->policy), "vmm_type",
			 sev_vmm_type_name(c->vmm), "vmsa_features",
			 c->fpu == SEV_VMSA_INIT2 ? "init2" : "legacy");
}

static json_t *id_block_json(const struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;

	return json_pack("{s:o, s:o, s:I, s:o, s:o}", "family_id",
			 sk_json_hex(c->family_id, 16), "image_id", sk_json_hex(c->image_id, 16),
			 "guest_svn", (json_int_t)c->guest_svn, "id_key_digest",
			 sk_json_hex(s->id_key_digest, SEV_SNP_LD_LEN), "author_key_digest",
			 s->has_author ? sk_json_hex(s->author_key_digest, SEV_SNP_LD_LEN) :
			 json_null());
}

char *seal_manifest_json(const struct seal_state *s, json_t *outputs)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "sevkit_seal", json_integer(1));
	json_object_set_new(doc, "root_hash", sk_json_hex(s->r->root, s->r->root_len));
	json_object_set_new(doc, "measurement", sk_json_hex(s->r->measurement, SEV_SNP_LD_LEN));
	json_object_set_new(doc, "cmdline", json_string(s->cmdline));
	json_object_set_new(doc, "verity", verity_json(s));
	json_object_set_new(doc, "launch", launch_json(s));
	if (s->has_id)
		json_object_set_new(doc, "id_block", id_block_json(s));
	json_object_set_new(doc, "inputs", inputs_json(s));
	json_object_set(doc, "outputs", outputs);
	return text_of(doc);
}
