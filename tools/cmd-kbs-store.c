/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit kbs policy, resource, token-key, audit: the broker's store, from the host. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/kbs.h>

#include "commands.h"
#include "kbs-common.h"

static const struct cli_option db_options[] = {
	DB_OPTION,
	{ 0 },
};

static const struct cli_option resource_options[] = {
	DB_OPTION,
	{ "policy", 0, OPT_POLICY, "NAME", "put: the policy a guest must pass" },
	{ "out", 'o', OPT_OUT, "FILE", "get: where the value goes (0600; - for stdout)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

/* Options, then ACTION and its operands; db defaults. */
static int store_args(struct cli *cli, int argc, char **argv, const struct cli_option *opts,
		      const char **db, const char **policy, const char **out)
{
	int r;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_DB)
			*db = cli->optarg;
		else if (r == OPT_POLICY)
			*policy = cli->optarg;
		else if (r == OPT_OUT)
			*out = cli->optarg;
	}
	return 0;
}

static int print_name(void *ctx, const char *name)
{
	cli_print(ctx, "%s\n", name);
	return 0;
}

static int json_name(void *ctx, const char *name)
{
	return json_array_append_new(ctx, json_string(name)) ? -ENOMEM : 0;
}

static int not_found(struct cli *cli, int rc, const char *what, const char *name)
{
	if (rc == -ENOENT) {
		cli_error(cli, "no %s %s", what, name);
		return SEV_EXIT_FAIL;
	}
	cli_error(cli, "%s %s", what, name);
	return cli_exit(rc);
}

static int policy_action(struct cli *cli, struct sev_kbs_admin *a, const char *act,
			 int n, char **ops)
{
	uint8_t *buf = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!strcmp(act, "list") && n == 0) {
		json_t *list = json_array();

		rc = sev_kbs_policy_list(a, cli->json ? json_name : print_name,
					 cli->json ? (void *)list : (void *)cli);
		if (!rc && cli->json)
			cli_json(cli, list);
		else
			json_decref(list);
		return rc ? cli_exit(rc) : 0;
	}
	if (!strcmp(act, "show") && n == 1) {
		if ((rc = sev_kbs_policy_get(a, ops[0], &text, &len)))
			return not_found(cli, rc, "policy", ops[0]);
		if (!cli->quiet)
			printf("%s%s", text, len && text[len - 1] == '\n' ? "" : "\n");
		free(text);
		return 0;
	}
	if (!strcmp(act, "put") && n == 2) {
		if ((rc = cli_read_file(cli, ops[1], FILE_MAX, &buf, &len)))
			return cli_exit(rc);
		cli_input_begin(cli, ops[1]);
		rc = cli_input_end(cli, sev_kbs_policy_put(a, ops[0], (char *)buf, len));
		free(buf);
		if (rc)
			return cli_exit(rc);
		cli_print(cli, "stored policy %s\n", ops[0]);
		return 0;
	}
	return cli_usage_error(cli, "expected put NAME FILE, show NAME or list");
}

int cmd_kbs_policy(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *unused = NULL;
	struct sev_kbs_admin *a;
	int rc = store_args(cli, argc, argv, db_options, &db, &unused, &unused);

	if (rc)
		return rc;
	if (optind >= argc)
		return cli_usage_error(cli, "expected put, show or list");
	if ((rc = kbs_open_store(cli, db, &a)))
		return rc;
	rc = policy_action(cli, a, argv[optind], argc - optind - 1, argv + optind + 1);
	sev_kbs_admin_close(a);
	return rc;
}

static int print_resource(void *ctx, const char *path, const char *policy)
{
	struct cli *cli = ctx;

	cli_print(cli, "%s  %s\n", path, policy ? policy : "(no policy)");
	return 0;
}

static int json_resource(void *ctx, const char *path, const char *policy)
{
	return json_array_append_new(ctx, json_pack("{s:s, s:s?}", "path", path, "policy",
						    policy)) ? -ENOMEM : 0;
}

static int resource_get(struct cli *cli, struct sev_kbs_admin *a, const char *path,
			const char *out)
{
	uint8_t *value = NULL;
	char *policy = NULL;
	size_t len = 0;
	int rc;

	if (!out)
		return cli_usage_error(cli, "get needs --out FILE (- for stdout)");
	if (strcmp(out, "-") && (rc = cli_check_output(cli, out, false)))
		return rc;
	if ((rc = sev_kbs_resource_get(a, path, &value, &len, &policy)))
		return not_found(cli, rc, "resource", path);
	if (!strcmp(out, "-"))
		rc = fwrite(value, 1, len, stdout) == len && !fflush(stdout) ? 0 : SEV_EXIT_ENV;
	else
		rc = cli_write_file(cli, out, value, len, 0600);
	sev_kbs_secret_free(value);
	free(policy);
	return rc;
}

static int resource_action(struct cli *cli, struct sev_kbs_admin *a, const char *act, int n,
			   char **ops, const char *policy, const char *out)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	if (!strcmp(act, "list") && n == 0) {
		json_t *list = json_array();

		rc = sev_kbs_resource_list(a, cli->json ? json_resource : print_resource,
					   cli->json ? (void *)list : (void *)cli);
		if (!rc && cli->json)
			cli_json(cli, list);
		else
			json_decref(list);
		return rc ? cli_exit(rc) : 0;
	}
	if (!strcmp(act, "get") && n == 1)
		return resource_get(cli, a, ops[0], out);
	if (!strcmp(act, "delete") && n == 1) {
		if ((rc = sev_kbs_resource_delete(a, ops[0])))
			return not_found(cli, rc, "resource", ops[0]);
		cli_print(cli, "deleted %s\n", ops[0]);
		return 0;
	}
	if (!strcmp(act, "put") && n == 2) {
		if (!policy)
			return cli_usage_error(cli, "put needs --policy NAME: a resource without "
					       "a policy is never released");
		if ((rc = cli_read_secret(cli, ops[1], FILE_MAX, &buf, &len)))
			return cli_exit(rc);
		rc = sev_kbs_resource_put(a, ops[0], buf, len, policy);
		sev_file_free_secret(buf, len);
		if (rc)
			return not_found(cli, rc, rc == -ENOENT ? "policy" : "cannot store",
					 rc == -ENOENT ? policy : ops[0]);
		cli_print(cli, "stored %s (policy %s)\n", ops[0], policy);
		return 0;
	}
	return cli_usage_error(cli, "expected put PATH FILE --policy NAME, get PATH --out FILE, "
			       "delete PATH or list");
}

int cmd_kbs_resource(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *policy = NULL, *out = NULL;
	struct sev_kbs_admin *a;
	int rc = store_args(cli, argc, argv, resource_options, &db, &policy, &out);

	if (rc)
		return rc;
	if (optind >= argc)
		return cli_usage_error(cli, "expected put, get, delete or list");
	if ((rc = kbs_open_store(cli, db, &a)))
		return rc;
	rc = resource_action(cli, a, argv[optind], argc - optind - 1, argv + optind + 1, policy,
			     out);
	sev_kbs_admin_close(a);
	return rc;
}

int cmd_kbs_token_key(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *unused = NULL;
	struct sev_kbs_admin *a;
	char *jwk = NULL;
	int rc = store_args(cli, argc, argv, db_options, &db, &unused, &unused);

	if (rc)
		return rc;
	if (optind != argc)
		return cli_usage_error(cli, "token-key takes no operands");
	if ((rc = kbs_open_store(cli, db, &a)))
		return rc;
	rc = sev_kbs_token_key(a, &jwk);
	sev_kbs_admin_close(a);
	if (rc)
		return cli_exit(rc);
	if (!cli->quiet)
		printf("%s\n", jwk);
	free(jwk);
	return 0;
}

static int print_audit(void *ctx, const struct sev_kbs_audit_entry *e)
{
	struct cli *cli = ctx;
	char when[32];
	time_t t = (time_t)e->time;
	struct tm tm;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	cli_print(cli, "%" PRId64 "  %s  %-8s  %s  session=%s chip=%.16s measurement=%.16s%s%s\n",
		  e->seq, when, e->verdict, e->resource && *e->resource ? e->resource : "-",
		  e->session && *e->session ? e->session : "-", e->chip_id ? e->chip_id : "",
		  e->measurement ? e->measurement : "", e->reason && *e->reason ? "  " : "",
		  e->reason ? e->reason : "");
	return 0;
}

static int json_audit(void *ctx, const struct sev_kbs_audit_entry *e)
{
	return json_array_append_new(ctx, json_pack(
		"{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "seq", (json_int_t)e->seq,
		"time", (json_int_t)e->time, "session", e->session, "chip_id", e->chip_id,
		"measurement", e->measurement, "resource", e->resource, "verdict", e->verdict,
		"reason", e->reason)) ? -ENOMEM : 0;
}

int cmd_kbs_audit(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *unused = NULL;
	struct sev_kbs_admin *a;
	json_t *list = json_array();
	int rc = store_args(cli, argc, argv, db_options, &db, &unused, &unused);

	if (!rc && optind != argc)
		rc = cli_usage_error(cli, "audit takes no operands");
	if (!rc && !(rc = kbs_open_store(cli, db, &a))) {
		rc = cli_exit(sev_kbs_audit_list(a, cli->json ? json_audit : print_audit,
						 cli->json ? (void *)list : (void *)cli));
		sev_kbs_admin_close(a);
		if (!rc && cli->json) {
			cli_json(cli, list);
			list = NULL;
		}
	}
	json_decref(list);
	return rc;
}
