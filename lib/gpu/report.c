/* SPDX-License-Identifier: Apache-2.0 */
/* GPU reports through the public API: parse, versions, and every field as JSON. */
#include "gpu/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gpu/opaque.h"
#include "util/hex.h"
#include "util/json.h"
#include "util/log.h"

/* The driver version as text, without its NUL padding; it must be printable. */
static int driver_version(const struct sk_spdm_report *s, char *out, size_t n)
{
	const struct sk_spdm_opaque *o = sk_spdm_opaque(s, SK_SPDM_OPAQUE_DRIVER_VERSION);
	size_t len = o ? o->len : 0;

	while (len && !o->value[len - 1])
		len--;
	if (len >= n)
		return sk_fail(SEV_E_FORMAT, "GPU report: driver_version is %zu bytes long", len);
	for (size_t i = 0; i < len; i++)
		if (o->value[i] < 0x20 || o->value[i] > 0x7e)
			return sk_fail(SEV_E_FORMAT, "GPU report: driver_version is not text");
	memcpy(out, len ? o->value : (const uint8_t *)"", len);
	out[len] = 0;
	return 0;
}

SEV_API int sev_gpu_report_parse(const uint8_t *buf, size_t len, struct sev_gpu_report **out)
{
	struct sev_gpu_report *r = calloc(1, sizeof(*r));
	const struct sk_spdm_opaque *vbios;
	int rc;

	*out = NULL;
	if (!r || !(r->buf = malloc(len ? len : 1))) {
		free(r);
		return -ENOMEM;
	}
	memcpy(r->buf, buf, len);
	r->len = len;
	rc = sk_spdm_report_parse(r->buf, len, &r->spdm);
	if (!rc)
		rc = driver_version(&r->spdm, r->driver, sizeof(r->driver));
	/* a GPU's is 8 bytes; an NVSwitch's has another form, shown in hex and never compared */
	vbios = sk_spdm_opaque(&r->spdm, SK_SPDM_OPAQUE_VBIOS_VERSION);
	if (vbios && sk_spdm_vbios_version(vbios, r->vbios))
		r->vbios[0] = 0;
	if (rc) {
		sev_gpu_report_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

SEV_API void sev_gpu_report_free(struct sev_gpu_report *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r);
}

SEV_API const uint8_t *sev_gpu_report_nonce(const struct sev_gpu_report *r)
{
	return r->spdm.request_nonce;
}

SEV_API const char *sev_gpu_report_driver_version(const struct sev_gpu_report *r)
{
	return r->driver;
}

SEV_API const char *sev_gpu_report_vbios_version(const struct sev_gpu_report *r)
{
	return r->vbios;
}

static json_t *measurements_json(const struct sk_spdm_report *s)
{
	json_t *j = json_object();
	char key[8];

	for (size_t i = 0; j && i < s->n_block; i++) {
		snprintf(key, sizeof(key), "%u", s->block[i].index);
		json_object_set_new(j, key, sk_json_hex(s->block[i].value, s->block[i].size));
	}
	return j;
}

static json_t *report_json(const struct sev_gpu_report *r)
{
	const struct sk_spdm_report *s = &r->spdm;
	json_t *j = json_object();

	json_object_set_new(j, "size", json_integer((json_int_t)r->len));
	json_object_set_new(j, "spdm_version", json_string("1.1"));
	json_object_set_new(j, "nonce", sk_json_hex(s->request_nonce, SK_SPDM_NONCE_LEN));
	json_object_set_new(j, "slot", json_integer(s->slot));
	json_object_set_new(j, "responder_nonce", sk_json_hex(s->responder_nonce,
							   SK_SPDM_NONCE_LEN));
	json_object_set_new(j, "measurement_blocks", json_integer((json_int_t)s->n_block));
	json_object_set_new(j, "measurements", measurements_json(s));
	json_object_set_new(j, "config", sk_gpu_config_json(s));
	json_object_set_new(j, "signed_bytes", json_integer((json_int_t)s->signed_len));
	json_object_set_new(j, "signature", sk_json_hex(s->signature, SK_SPDM_SIG_LEN));
	return j;
}

SEV_API int sev_gpu_report_json(const struct sev_gpu_report *r, char **json)
{
	json_t *j = report_json(r);

	*json = j ? json_dumps(j, JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return *json ? 0 : -ENOMEM;
}
