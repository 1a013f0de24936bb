/* SPDX-License-Identifier: Apache-2.0 */
/* Entry points of the commands listed in sevkit.c, one file per group. */
#ifndef SEVKIT_COMMANDS_H
#define SEVKIT_COMMANDS_H

#include "cli.h"

#define COMMAND(name) int name(struct cli *cli, int argc, char **argv)

/* cmd-cert.c */
COMMAND(cmd_cert_show);
COMMAND(cmd_cert_verify);
COMMAND(cmd_cert_split);
COMMAND(cmd_cert_generate_oca);
/* cmd-session.c */
COMMAND(cmd_session);
/* cmd-policy.c */
COMMAND(cmd_policy_decode);
/* cmd-host.c */
COMMAND(cmd_host_ok);
COMMAND(cmd_host_status);
COMMAND(cmd_host_reset);
COMMAND(cmd_host_rotate);
COMMAND(cmd_host_pek_csr);
COMMAND(cmd_host_export);
COMMAND(cmd_host_import);
COMMAND(cmd_host_id);
/* cmd-verity.c */
COMMAND(cmd_verity_format);
COMMAND(cmd_verity_verify);
COMMAND(cmd_verity_dump);
COMMAND(cmd_verity_cmdline);

#endif
