/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GPU evidence in the forms it travels in: a report as hex text or raw bytes, trustee's
 * {"device_evidence_list": [...]} (alone or under "nvidia", as in composite evidence), or
 * nvtrust's bare array of devices.
 */
#include <sevkit/gpu.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "crypto/base64.h"
#include "util/log.h"

#define MAX_DEVICES 64

static bool is_hex_digit(char c)
{
	return isxdigit((unsigned char)c) != 0;
}

/*
 * Hex text as nvtrust takes it: white space, "0x" and "\x" ignored. *out is NULL (and 0
 * returned) when the text is not hex, so that it can be read another way.
 */
static int hex_text(const char *t, size_t n, uint8_t **out, size_t *len)
{
	size_t digits = 0, o = 0;
	int hi = -1;

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)t[i]))
			continue;
		if (i + 1 < n && (t[i] == '0' || t[i] == '\\') && t[i + 1] == 'x' && hi < 0) {
			i++;
			continue;
		}
		if (!is_hex_digit(t[i]))
			return 0;
		digits++;
		hi = hi < 0 ? 0 : -1;
	}
	if (!digits || digits % 2)
		return 0;
	if (!(*out = malloc(digits / 2)))
		return -ENOMEM;
	hi = -1;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		int v;

		if (isspace((unsigned char)c))
			continue;
		if (i + 1 < n && (c == '0' || c == '\\') && t[i + 1] == 'x' && hi < 0) {
			i++;
			continue;
		}
		v = isdigit((unsigned char)c) ? c - '0' : (tolower((unsigned char)c) - 'a' + 10);
		if (hi < 0) {
			hi = v;
		} else {
			(*out)[o++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	*len = o;
	return 0;
}

static int copy_string(const json_t *obj, const char *key, char *out, size_t n, size_t i)
{
	const json_t *v = json_object_get(obj, key);

	out[0] = 0;
	if (!v)
		return 0;
	if (!json_is_string(v) || json_string_length(v) >= n)
		return sk_fail(SEV_E_FORMAT, "GPU evidence: device %zu: \"%s\" is not a string of at "
			       "most %zu characters", i, key, n - 1);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

/* The report: hex first, then base64, as trustee reads it. */
static int device_report(const json_t *obj, struct sev_gpu_device *d, size_t i)
{
	const json_t *v = json_object_get(obj, "evidence");
	const char *t = json_string_value(v);
	int rc;

	if (!t)
		return sk_fail(SEV_E_FORMAT, "GPU evidence: device %zu has no \"evidence\" string", i);
	if ((rc = hex_text(t, json_string_length(v), &d->report, &d->report_len)) || d->report)
		return rc;
	if (sk_base64_try_decode(t, json_string_length(v), &d->report, &d->report_len))
		return sk_fail(SEV_E_FORMAT, "GPU evidence: device %zu: \"evidence\" is neither hex "
			       "nor base64", i);
	return 0;
}

/* The chain: the base64 of PEM text. */
static int device_chain(const json_t *obj, struct sev_gpu_device *d, size_t i)
{
	const json_t *v = json_object_get(obj, "certificate");
	const char *t = json_string_value(v);
	uint8_t *pem;
	size_t n;

	if (!v)
		return 0;
	if (!t || sk_base64_try_decode(t, json_string_length(v), &pem, &n))
		return sk_fail(SEV_E_FORMAT, "GPU evidence: device %zu: \"certificate\" is not "
			       "base64", i);
	if (!memmem(pem, n, "-----BEGIN CERTIFICATE-----", 27)) {
		free(pem);
		return sk_fail(SEV_E_FORMAT, "GPU evidence: device %zu: \"certificate\" does not "
			       "hold PEM certificates", i);
	}
	d->chain = (char *)pem;
	d->chain_len = n;
	return 0;
}

static int read_device(const json_t *obj, struct sev_gpu_device *d, size_t i)
{
	int rc;

	if (!json_is_object(obj))
		return sk_fail(SEV_E_FORMAT, "GPU evidence: device %zu is not an object", i);
	if ((rc = copy_string(obj, "arch", d->arch, sizeof(d->arch), i)) ||
	    (rc = copy_string(obj, "uuid", d->uuid, sizeof(d->uuid), i)) ||
	    (rc = device_report(obj, d, i)))
		return rc;
	return device_chain(obj, d, i);
}

static int read_list(const json_t *list, struct sev_gpu_evidence *e)
{
	size_t n = json_array_size(list);
	int rc;

	if (!json_is_array(list) || !n)
		return sk_fail(SEV_E_FORMAT, "GPU evidence: the device list is not a non-empty "
			       "array");
	if (n > MAX_DEVICES)
		return sk_fail(SEV_E_TOOBIG, "GPU evidence: more than %d devices", MAX_DEVICES);
	if (!(e->dev = calloc(n, sizeof(*e->dev))))
		return -ENOMEM;
	for (e->n = 0; e->n < n; e->n++)
		if ((rc = read_device(json_array_get(list, e->n), &e->dev[e->n], e->n))) {
			e->n++; /* free what it holds */
			return rc;
		}
	return 0;
}

static int read_json(const uint8_t *buf, size_t len, struct sev_gpu_evidence *e)
{
	json_error_t err;
	json_t *root = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &err);
	const json_t *list = root;
	int rc;

	if (!root)
		return sk_fail(SEV_E_FORMAT, "GPU evidence: JSON line %d: %s", err.line, err.text);
	if (json_is_object(list) && json_object_get(list, "nvidia"))
		list = json_object_get(list, "nvidia");
	if (json_is_object(list))
		list = json_object_get(list, "device_evidence_list");
	rc = list ? read_list(list, e) :
		    sk_fail(SEV_E_FORMAT, "GPU evidence: no \"device_evidence_list\"");
	json_decref(root);
	return rc;
}

static int one_report(const uint8_t *buf, size_t len, struct sev_gpu_evidence *e)
{
	struct sev_gpu_device *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return -ENOMEM;
	e->dev = d;
	e->n = 1;
	if ((rc = hex_text((const char *)buf, len, &d->report, &d->report_len)) || d->report)
		return rc;
	if (!(d->report = malloc(len ? len : 1)))
		return -ENOMEM;
	memcpy(d->report, buf, len);
	d->report_len = len;
	return 0;
}

SEV_API int sev_gpu_evidence_parse(const uint8_t *buf, size_t len, struct sev_gpu_evidence *e)
{
	size_t i = 0;
	int rc;

	memset(e, 0, sizeof(*e));
	while (i < len && isspace(buf[i]))
		i++;
	if (i == len)
		return sk_fail(SEV_E_FORMAT, "GPU evidence is empty");
	rc = buf[i] == '{' || buf[i] == '[' ? read_json(buf, len, e) : one_report(buf, len, e);
	if (rc)
		sev_gpu_evidence_free(e);
	return rc;
}

SEV_API void sev_gpu_evidence_free(struct sev_gpu_evidence *e)
{
	for (size_t i = 0; e->dev && i < e->n; i++) {
		free(e->dev[i].report);
		free(e->dev[i].chain);
	}
	free(e->dev);
	memset(e, 0, sizeof(*e));
}
