/* SPDX-License-Identifier: Apache-2.0 */
/* Entry points of the commands listed in sevkit.c, one file per group. */
#ifndef SEVKIT_COMMANDS_H
#define SEVKIT_COMMANDS_H

#include "cli.h"

#define COMMAND(name) int name(struct cli *cli, int argc, char **argv)

/* cmd-cert-<verb>.c */
COMMAND(cmd_cert_show);
COMMAND(cmd_cert_verify);
COMMAND(cmd_cert_split);
COMMAND(cmd_cert_generate_oca);
COMMAND(cmd_cert_sign_pek);
/* cmd-session.c */
COMMAND(cmd_session);
/* cmd-policy.c */
COMMAND(cmd_policy_decode);
/* cmd-report-<verb>.c */
COMMAND(cmd_report_show);
COMMAND(cmd_report_verify);
COMMAND(cmd_report_kds_url);
COMMAND(cmd_report_fetch);
COMMAND(cmd_report_derive_key);
/* policy-snp.c: decode --snp POLICY */
/* cmd-host.c */
COMMAND(cmd_host_ok);
COMMAND(cmd_host_status);
COMMAND(cmd_host_reset);
COMMAND(cmd_host_rotate);
COMMAND(cmd_host_pek_csr);
COMMAND(cmd_host_export);
COMMAND(cmd_host_import);
COMMAND(cmd_host_id);
/* cmd-host-snp.c */
COMMAND(cmd_host_snp_status);
COMMAND(cmd_host_snp_commit);
COMMAND(cmd_host_snp_config);
COMMAND(cmd_host_vcek_url);
/* cmd-host-certs.c */
COMMAND(cmd_host_certs);
/* cmd-domain.c */
COMMAND(cmd_domain_convert);
COMMAND(cmd_domain_lint);
/* cmd-qemu.c */
COMMAND(cmd_qemu_args);
COMMAND(cmd_host_record);

/* cmd-measure.c */
COMMAND(cmd_measure);
/* cmd-idblock.c */
COMMAND(cmd_idblock_create);
/* cmd-launch.c */
COMMAND(cmd_launch_validate);
COMMAND(cmd_launch_secret);
COMMAND(cmd_launch_attest);
/* cmd-report-legacy.c */
COMMAND(cmd_report_validate_legacy);
/* cmd-memscan-<verb>.c */
COMMAND(cmd_memscan_scan);
COMMAND(cmd_memscan_dump);
COMMAND(cmd_memscan_detectors);
/* cmd-audit.c */
COMMAND(cmd_audit);
/* cmd-verity-<verb>.c */
COMMAND(cmd_verity_format);
COMMAND(cmd_verity_verify);
COMMAND(cmd_verity_dump);
COMMAND(cmd_verity_cmdline);
/* cmd-seal.c */
COMMAND(cmd_seal);

/* cmd-kbs.c */
COMMAND(cmd_kbs_serve);
COMMAND(cmd_kbs_policy);
COMMAND(cmd_kbs_resource);
COMMAND(cmd_kbs_token_key);
COMMAND(cmd_kbs_audit);
COMMAND(cmd_kbs_get_resource);
COMMAND(cmd_kbs_db);
COMMAND(cmd_kbs_vcek);

/* cmd-gpu-<verb>.c */
COMMAND(cmd_gpu_show);
COMMAND(cmd_gpu_verify);
COMMAND(cmd_gpu_revocation_url);

/* The command tables, tools/table-<group>.c, each ended by an entry without a group. */
extern const struct command host_commands[];
extern const struct command cert_commands[];
extern const struct command session_commands[];
extern const struct command policy_commands[];
extern const struct command measure_commands[];
extern const struct command idblock_commands[];
extern const struct command launch_commands[];
extern const struct command report_commands[];
extern const struct command domain_commands[];
extern const struct command qemu_commands[];
extern const struct command verity_commands[];
extern const struct command seal_commands[];
extern const struct command memscan_commands[];
extern const struct command audit_commands[];
extern const struct command kbs_commands[];
extern const struct command gpu_commands[];

#endif
