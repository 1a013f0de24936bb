/* SPDX-License-Identifier: Apache-2.0 */
/* The QMP commands of an SEV launch: state queries, measurement, secret, resume. */
#include "vm/qmp-internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base64.h"
#include "crypto/secure.h"
#include "util/log.h"
#include "util/struct.h"

static int get_uint(json_t *obj, const char *command, const char *key, uint64_t max,
		    uint64_t *v)
{
	json_t *x = json_object_get(obj, key);

	if (!json_is_integer(x) || json_integer_value(x) < 0 ||
	    (uint64_t)json_integer_value(x) > max)
		return sk_fail(SEV_E_FORMAT, "QMP %s: \"%s\" is missing or not a number in "
			       "0..%llu", command, key, (unsigned long long)max);
	*v = (uint64_t)json_integer_value(x);
	return 0;
}

static int get_string(json_t *obj, const char *command, const char *key, char *out,
		      size_t size)
{
	json_t *x = json_object_get(obj, key);

	if (!json_is_string(x) || json_string_length(x) >= size)
		return sk_fail(SEV_E_FORMAT, "QMP %s: \"%s\" is missing or not a short string",
			       command, key);
	memcpy(out, json_string_value(x), json_string_length(x) + 1);
	return 0;
}

static int get_bool(json_t *obj, const char *command, const char *key, bool *v)
{
	json_t *x = json_object_get(obj, key);

	if (!json_is_boolean(x))
		return sk_fail(SEV_E_FORMAT, "QMP %s: \"%s\" is missing or not a boolean",
			       command, key);
	*v = json_is_true(x);
	return 0;
}

static int call_object(struct sev_qmp *q, const char *command, json_t *args, json_t **ret)
{
	int rc = sk_qmp_call(q, command, args, ret);

	if (!rc && !json_is_object(*ret)) {
		json_decref(*ret);
		*ret = NULL;
		return sk_fail(SEV_E_FORMAT, "QMP %s: the reply is not an object", command);
	}
	return rc;
}

static int query_status(struct sev_qmp *q, struct sev_qmp_status *st)
{
	json_t *r;
	int rc;

	memset(st, 0, sizeof(*st));
	if ((rc = call_object(q, "query-status", NULL, &r)))
		return rc;
	rc = get_string(r, "query-status", "status", st->status, sizeof(st->status));
	if (!rc)
		rc = get_bool(r, "query-status", "running", &st->running);
	json_decref(r);
	return rc;
}

static int query_sev(struct sev_qmp *q, struct sev_qmp_sev *info)
{
	static const char *cmd = "query-sev";
	uint64_t major, minor, build, policy = 0, handle = 0;
	json_t *r;
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = call_object(q, cmd, NULL, &r)))
		return rc;
	if ((rc = get_bool(r, cmd, "enabled", &info->enabled)) ||
	    (rc = get_uint(r, cmd, "api-major", 0xff, &major)) ||
	    (rc = get_uint(r, cmd, "api-minor", 0xff, &minor)) ||
	    (rc = get_uint(r, cmd, "build-id", 0xff, &build)) ||
	    (rc = get_string(r, cmd, "state", info->state, sizeof(info->state))))
		goto out;
	/* policy and handle belong to the "sev" branch of newer QEMUs' union */
	if (json_object_get(r, "policy") && (rc = get_uint(r, cmd, "policy", UINT32_MAX, &policy)))
		goto out;
	if (json_object_get(r, "handle") && (rc = get_uint(r, cmd, "handle", UINT32_MAX, &handle)))
		goto out;
	info->api_major = (uint8_t)major;
	info->api_minor = (uint8_t)minor;
	info->build_id = (uint8_t)build;
	info->policy = (uint32_t)policy;
	info->handle = (uint32_t)handle;
out:
	json_decref(r);
	return rc;
}

int sev_qmp_query_status(struct sev_qmp *q, struct sev_qmp_status *st)
{
	struct sev_qmp_status mine = SEV_INIT(struct sev_qmp_status);
	int rc = sk_struct_check_out(st, sizeof(mine), "sev_qmp_status");

	if (rc)
		return rc;
	rc = query_status(q, &mine);
	sk_struct_out(st, &mine, sizeof(mine));
	return rc;
}

int sev_qmp_query_sev(struct sev_qmp *q, struct sev_qmp_sev *info)
{
	struct sev_qmp_sev mine = SEV_INIT(struct sev_qmp_sev);
	int rc = sk_struct_check_out(info, sizeof(mine), "sev_qmp_sev");

	if (rc)
		return rc;
	rc = query_sev(q, &mine);
	sk_struct_out(info, &mine, sizeof(mine));
	return rc;
}

int sev_qmp_query_launch_measure(struct sev_qmp *q, uint8_t blob[48])
{
	static const char *cmd = "query-sev-launch-measure";
	json_t *r, *data;
	uint8_t *raw = NULL;
	size_t n = 0;
	int rc;

	if ((rc = call_object(q, cmd, NULL, &r)))
		return rc;
	data = json_object_get(r, "data");
	if (!json_is_string(data))
		rc = sk_fail(SEV_E_FORMAT, "QMP %s: \"data\" is missing or not a string", cmd);
	else if ((rc = sk_base64_decode(json_string_value(data), json_string_length(data), &raw,
					&n)))
		sk_err("QMP %s: \"data\" is not base64", cmd);
	else if (n != 48)
		rc = sk_fail(SEV_E_FORMAT, "QMP %s: measurement of %zu bytes, 48 expected", cmd,
			     n);
	else
		memcpy(blob, raw, 48);
	free(raw);
	json_decref(r);
	return rc;
}

int sev_qmp_inject_launch_secret(struct sev_qmp *q, const uint8_t header[52],
				 const uint8_t *payload, size_t len)
{
	char *h = sk_base64_encode(header, 52), *p = sk_base64_encode(payload, len);
	json_t *args = json_object();
	int rc = -ENOMEM;

	if (h && p && args) {
		json_object_set_new(args, "packet-header", json_string(h));
		json_object_set_new(args, "secret", json_string(p));
		rc = sk_qmp_call(q, "sev-inject-launch-secret", args, NULL);
		args = NULL;
	}
	json_decref(args);
	free(h);
	if (p)
		sk_wipe_free(p, strlen(p));
	return rc;
}

int sev_qmp_cont(struct sev_qmp *q)
{
	return sk_qmp_call(q, "cont", NULL, NULL);
}
