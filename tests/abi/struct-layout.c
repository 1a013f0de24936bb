/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The layout rule of the growable public structs (SEV_INIT in <sevkit/error.h>), checked at
 * compile time: size first, and no padding anywhere, so that a field a later release adds never
 * lands where an older caller had padding. Each list names every member: a member added to a
 * struct but not here makes the sum fall short and the build fail.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>

#include <sevkit/sevkit.h>

#define M(t, m) sizeof(((struct t *)0)->m)
/* size at offset 0, the last member ends at sizeof, the members fill it all */
#define LAYOUT(t, last, sum) \
	static_assert(offsetof(struct t, size) == 0 && M(t, size) == sizeof(size_t), \
		      #t ": size is not first"); \
	static_assert(offsetof(struct t, last) + M(t, last) == sizeof(struct t), \
		      #t ": padding at its end"); \
	static_assert((sum) == sizeof(struct t), #t ": padding between members")

LAYOUT(sev_domain_options, reserved,
	M(sev_domain_options, size) + M(sev_domain_options, mode) +
	M(sev_domain_options, have_policy) + M(sev_domain_options, have_cbitpos) +
	M(sev_domain_options, use_host_cpuid) + M(sev_domain_options, kernel_hashes) +
	M(sev_domain_options, policy) + M(sev_domain_options, cbitpos) +
	M(sev_domain_options, reduced_phys_bits) + M(sev_domain_options, firmware) +
	M(sev_domain_options, dh_cert) + M(sev_domain_options, session) +
	M(sev_domain_options, id_block) + M(sev_domain_options, id_auth) +
	M(sev_domain_options, host_data) + M(sev_domain_options, author_key) +
	M(sev_domain_options, reserved));

LAYOUT(sev_lint_options, reserved,
	M(sev_lint_options, size) + M(sev_lint_options, read_files) + M(sev_lint_options, reserved));

LAYOUT(sev_qemu_options, append,
	M(sev_qemu_options, size) + M(sev_qemu_options, mode) + M(sev_qemu_options, have_policy) +
	M(sev_qemu_options, kernel_hashes) + M(sev_qemu_options, author_key) +
	M(sev_qemu_options, reserved) + M(sev_qemu_options, policy) +
	M(sev_qemu_options, cbitpos) + M(sev_qemu_options, reduced_phys_bits) +
	M(sev_qemu_options, memory_mib) + M(sev_qemu_options, binary) +
	M(sev_qemu_options, firmware) + M(sev_qemu_options, dh_cert_file) +
	M(sev_qemu_options, session_file) + M(sev_qemu_options, id_block) +
	M(sev_qemu_options, id_auth) + M(sev_qemu_options, host_data) +
	M(sev_qemu_options, kernel) + M(sev_qemu_options, initrd) + M(sev_qemu_options, append));

LAYOUT(sev_vmsa_params, reserved,
	M(sev_vmsa_params, size) + M(sev_vmsa_params, vcpu_sig) + M(sev_vmsa_params, fpu) +
	M(sev_vmsa_params, sev_features) + M(sev_vmsa_params, vmm) + M(sev_vmsa_params, reserved));

LAYOUT(sev_launch_config, ctx,
	M(sev_launch_config, size) + M(sev_launch_config, mode) + M(sev_launch_config, vcpus) +
	M(sev_launch_config, firmware) + M(sev_launch_config, firmware_len) +
	M(sev_launch_config, kernel_hashes) + M(sev_launch_config, vcpu_sig) +
	M(sev_launch_config, fpu) + M(sev_launch_config, vmsa_bsp) +
	M(sev_launch_config, vmsa_ap) + M(sev_launch_config, vmm) +
	M(sev_launch_config, reserved) + M(sev_launch_config, on_vmsa) + M(sev_launch_config, ctx));

LAYOUT(sev_es_inputs, reserved2,
	M(sev_es_inputs, size) + M(sev_es_inputs, vcpus) + M(sev_es_inputs, cpu_given) +
	M(sev_es_inputs, vmsa_bsp) + M(sev_es_inputs, vmsa_ap) + M(sev_es_inputs, reserved) +
	M(sev_es_inputs, vmm) + M(sev_es_inputs, reserved2));

LAYOUT(sev_snp_config, ctx,
	M(sev_snp_config, size) + M(sev_snp_config, firmware) + M(sev_snp_config, firmware_len) +
	M(sev_snp_config, ovmf_hash) + M(sev_snp_config, kernel_hashes) +
	M(sev_snp_config, vcpus) + M(sev_snp_config, vcpu_sig) +
	M(sev_snp_config, guest_features) + M(sev_snp_config, vmm) + M(sev_snp_config, fpu) +
	M(sev_snp_config, svsm) + M(sev_snp_config, svsm_len) + M(sev_snp_config, vars_size) +
	M(sev_snp_config, on_vmsa) + M(sev_snp_config, on_page) + M(sev_snp_config, ctx));

LAYOUT(sev_memscan_options, progress_ctx,
	M(sev_memscan_options, size) + M(sev_memscan_options, threads) +
	M(sev_memscan_options, entropy) + M(sev_memscan_options, reserved) +
	M(sev_memscan_options, context) + M(sev_memscan_options, max_hits) +
	M(sev_memscan_options, progress) + M(sev_memscan_options, progress_ctx));

LAYOUT(sev_memscan_dump_options, ctx,
	M(sev_memscan_dump_options, size) + M(sev_memscan_dump_options, format) +
	M(sev_memscan_dump_options, timeout_ms) + M(sev_memscan_dump_options, flags) +
	M(sev_memscan_dump_options, progress) + M(sev_memscan_dump_options, ctx));

LAYOUT(sev_snp_checks, deny,
	M(sev_snp_checks, size) + M(sev_snp_checks, has_measurement) +
	M(sev_snp_checks, has_report_data) + M(sev_snp_checks, has_host_data) +
	M(sev_snp_checks, has_family_id) + M(sev_snp_checks, has_image_id) +
	M(sev_snp_checks, has_id_key_digest) + M(sev_snp_checks, has_author_key_digest) +
	M(sev_snp_checks, has_policy) + M(sev_snp_checks, measurement) +
	M(sev_snp_checks, report_data) + M(sev_snp_checks, host_data) +
	M(sev_snp_checks, family_id) + M(sev_snp_checks, image_id) +
	M(sev_snp_checks, id_key_digest) + M(sev_snp_checks, author_key_digest) +
	M(sev_snp_checks, policy) + M(sev_snp_checks, allow_debug) +
	M(sev_snp_checks, allow_migrate_ma) + M(sev_snp_checks, allow_cxl) +
	M(sev_snp_checks, forbid_smt) + M(sev_snp_checks, require_single_socket) +
	M(sev_snp_checks, has_allow_debug) + M(sev_snp_checks, has_allow_migrate_ma) +
	M(sev_snp_checks, has_allow_cxl) + M(sev_snp_checks, has_forbid_smt) +
	M(sev_snp_checks, has_require_single_socket) + M(sev_snp_checks, has_min_abi) +
	M(sev_snp_checks, min_abi_major) + M(sev_snp_checks, min_abi_minor) +
	M(sev_snp_checks, reserved) + M(sev_snp_checks, min_reported_tcb) +
	M(sev_snp_checks, min_committed_tcb) + M(sev_snp_checks, min_launch_tcb) +
	M(sev_snp_checks, min_current_tcb) + M(sev_snp_checks, has_min_build) +
	M(sev_snp_checks, has_min_version) + M(sev_snp_checks, min_build) +
	M(sev_snp_checks, min_version_major) + M(sev_snp_checks, min_version_minor) +
	M(sev_snp_checks, has_min_guest_svn) + M(sev_snp_checks, has_vmpl) +
	M(sev_snp_checks, reserved2) + M(sev_snp_checks, min_guest_svn) + M(sev_snp_checks, vmpl) +
	M(sev_snp_checks, platform_require) + M(sev_snp_checks, platform_forbid) +
	M(sev_snp_checks, product) + M(sev_snp_checks, stepping) + M(sev_snp_checks, reserved3) +
	M(sev_snp_checks, n_deny) + M(sev_snp_checks, deny));

LAYOUT(sev_snp_fetch_opts, device,
	M(sev_snp_fetch_opts, size) + M(sev_snp_fetch_opts, report_data) +
	M(sev_snp_fetch_opts, vmpl) + M(sev_snp_fetch_opts, via) +
	M(sev_snp_fetch_opts, extended) + M(sev_snp_fetch_opts, reserved) +
	M(sev_snp_fetch_opts, tsm_dir) + M(sev_snp_fetch_opts, device));

LAYOUT(sev_snp_key_request, tcb_version,
	M(sev_snp_key_request, size) + M(sev_snp_key_request, root_key) +
	M(sev_snp_key_request, vmpl) + M(sev_snp_key_request, guest_field_select) +
	M(sev_snp_key_request, guest_svn) + M(sev_snp_key_request, reserved) +
	M(sev_snp_key_request, tcb_version));

LAYOUT(sev_reference, append,
	M(sev_reference, size) + M(sev_reference, mode) + M(sev_reference, vcpus) +
	M(sev_reference, measurement) + M(sev_reference, measurement_len) +
	M(sev_reference, base64) + M(sev_reference, has_policy) + M(sev_reference, has_vcpu_sig) +
	M(sev_reference, reserved) + M(sev_reference, vcpu_sig) + M(sev_reference, policy) +
	M(sev_reference, vcpu_type) + M(sev_reference, vmm) + M(sev_reference, fpu) +
	M(sev_reference, guest_features) + M(sev_reference, vars_size) + M(sev_reference, ovmf) +
	M(sev_reference, svsm) + M(sev_reference, kernel) + M(sev_reference, initrd) +
	M(sev_reference, append));

LAYOUT(sev_verity_params, uuid,
	M(sev_verity_params, size) + M(sev_verity_params, hash_type) +
	M(sev_verity_params, hash_name) + M(sev_verity_params, data_block_size) +
	M(sev_verity_params, hash_block_size) + M(sev_verity_params, salt_size) +
	M(sev_verity_params, superblock) + M(sev_verity_params, reserved) +
	M(sev_verity_params, data_blocks) + M(sev_verity_params, hash_offset) +
	M(sev_verity_params, salt) + M(sev_verity_params, uuid));

LAYOUT(sev_verity_run, data_size,
	M(sev_verity_run, size) + M(sev_verity_run, threads) + M(sev_verity_run, pread_only) +
	M(sev_verity_run, overwrite) + M(sev_verity_run, reserved) + M(sev_verity_run, progress) +
	M(sev_verity_run, progress_ctx) + M(sev_verity_run, root_hash_file) +
	M(sev_verity_run, fec) +
	M(sev_verity_run, data_offset) + M(sev_verity_run, data_size));

LAYOUT(sev_verity_fec, parity_blocks,
	M(sev_verity_fec, size) + M(sev_verity_fec, device) + M(sev_verity_fec, offset) +
	M(sev_verity_fec, roots) + M(sev_verity_fec, reserved) + M(sev_verity_fec, parity_blocks));

LAYOUT(sev_verity_boot, reserved,
	M(sev_verity_boot, size) + M(sev_verity_boot, name) + M(sev_verity_boot, data_device) +
	M(sev_verity_boot, hash_device) + M(sev_verity_boot, on_corruption) +
	M(sev_verity_boot, ignore_zero_blocks) + M(sev_verity_boot, check_at_most_once) +
	M(sev_verity_boot, waitfor) + M(sev_verity_boot, reserved));

LAYOUT(sev_ovmf_table, reserved,
	M(sev_ovmf_table, size) + M(sev_ovmf_table, entries) + M(sev_ovmf_table, has_es_reset) +
	M(sev_ovmf_table, has_hashes) + M(sev_ovmf_table, has_secret) +
	M(sev_ovmf_table, has_metadata) + M(sev_ovmf_table, es_reset_eip) +
	M(sev_ovmf_table, hashes_base) + M(sev_ovmf_table, hashes_size) +
	M(sev_ovmf_table, secret_base) + M(sev_ovmf_table, secret_size) +
	M(sev_ovmf_table, metadata_offset) + M(sev_ovmf_table, reserved));

LAYOUT(sev_memscan_info, regions,
	M(sev_memscan_info, size) + M(sev_memscan_info, format) + M(sev_memscan_info, space) +
	M(sev_memscan_info, format_name) + M(sev_memscan_info, producer) +
	M(sev_memscan_info, bytes) + M(sev_memscan_info, pages) + M(sev_memscan_info, regions));

LAYOUT(sev_memscan_region, name,
	M(sev_memscan_region, size) + M(sev_memscan_region, addr) + M(sev_memscan_region, len) +
	M(sev_memscan_region, phys) + M(sev_memscan_region, vaddr) +
	M(sev_memscan_region, file_offset) + M(sev_memscan_region, has_phys) +
	M(sev_memscan_region, has_vaddr) + M(sev_memscan_region, has_file_offset) +
	M(sev_memscan_region, reserved) + M(sev_memscan_region, name));

LAYOUT(sev_snp_verify_info, crl,
	M(sev_snp_verify_info, size) + M(sev_snp_verify_info, product) +
	M(sev_snp_verify_info, key) + M(sev_snp_verify_info, vek) +
	M(sev_snp_verify_info, crl_checked) + M(sev_snp_verify_info, ask_serial) +
	M(sev_snp_verify_info, vek_serial) + M(sev_snp_verify_info, reserved) +
	M(sev_snp_verify_info, n_crl) + M(sev_snp_verify_info, crl));

LAYOUT(sev_snp_check_result, fail,
	M(sev_snp_check_result, size) + M(sev_snp_check_result, n) + M(sev_snp_check_result, fail));

LAYOUT(sev_findings, v,
	M(sev_findings, size) + M(sev_findings, n) + M(sev_findings, v));

LAYOUT(sev_host_report, check,
	M(sev_host_report, size) + M(sev_host_report, cpu) + M(sev_host_report, features) +
	M(sev_host_report, reserved) + M(sev_host_report, n) + M(sev_host_report, check));

LAYOUT(sev_chain_result, used,
	M(sev_chain_result, size) + M(sev_chain_result, generation) + M(sev_chain_result, link) +
	M(sev_chain_result, used));

LAYOUT(sev_verity_failure, offset,
	M(sev_verity_failure, size) + M(sev_verity_failure, area) + M(sev_verity_failure, level) +
	M(sev_verity_failure, block) + M(sev_verity_failure, offset));

LAYOUT(sev_verity_coverage, reserved,
	M(sev_verity_coverage, size) + M(sev_verity_coverage, data_blocks) +
	M(sev_verity_coverage, covered) + M(sev_verity_coverage, end) +
	M(sev_verity_coverage, shared) + M(sev_verity_coverage, reserved));

LAYOUT(sev_qmp_status, reserved,
	M(sev_qmp_status, size) + M(sev_qmp_status, status) + M(sev_qmp_status, running) +
	M(sev_qmp_status, reserved));

LAYOUT(sev_qmp_sev, reserved,
	M(sev_qmp_sev, size) + M(sev_qmp_sev, enabled) + M(sev_qmp_sev, api_major) +
	M(sev_qmp_sev, api_minor) + M(sev_qmp_sev, build_id) + M(sev_qmp_sev, policy) +
	M(sev_qmp_sev, handle) + M(sev_qmp_sev, state) + M(sev_qmp_sev, reserved));

LAYOUT(sev_libvirt_state, name,
	M(sev_libvirt_state, size) + M(sev_libvirt_state, active) + M(sev_libvirt_state, paused) +
	M(sev_libvirt_state, remote) + M(sev_libvirt_state, reserved) +
	M(sev_libvirt_state, vcpus) + M(sev_libvirt_state, name));

LAYOUT(sev_domain_boot, cmdline,
	M(sev_domain_boot, size) + M(sev_domain_boot, sev) + M(sev_domain_boot, kernel_hashes) +
	M(sev_domain_boot, dh_cert) + M(sev_domain_boot, session) + M(sev_domain_boot, nvram) +
	M(sev_domain_boot, reserved) + M(sev_domain_boot, loaders) +
	M(sev_domain_boot, reserved2) + M(sev_domain_boot, loader) + M(sev_domain_boot, kernel) +
	M(sev_domain_boot, initrd) + M(sev_domain_boot, cmdline));
LAYOUT(sev_snp_platform_status, product,
	M(sev_snp_platform_status, size) + M(sev_snp_platform_status, api_major) +
	M(sev_snp_platform_status, api_minor) + M(sev_snp_platform_status, state) +
	M(sev_snp_platform_status, rmp_initialized) + M(sev_snp_platform_status, build_id) +
	M(sev_snp_platform_status, flags) + M(sev_snp_platform_status, guest_count) +
	M(sev_snp_platform_status, current_tcb) + M(sev_snp_platform_status, reported_tcb) +
	M(sev_snp_platform_status, cpuid1_eax) + M(sev_snp_platform_status, product));

LAYOUT(sev_kbs_server_config, gpu_root,
	M(sev_kbs_server_config, size) + M(sev_kbs_server_config, listen) +
	M(sev_kbs_server_config, db) + M(sev_kbs_server_config, tls_cert) +
	M(sev_kbs_server_config, tls_key) + M(sev_kbs_server_config, ark) +
	M(sev_kbs_server_config, n_ark) + M(sev_kbs_server_config, crl) +
	M(sev_kbs_server_config, n_crl) + M(sev_kbs_server_config, admin_key) +
	M(sev_kbs_server_config, token_key) + M(sev_kbs_server_config, max_body) +
	M(sev_kbs_server_config, insecure_http) + M(sev_kbs_server_config, session_ttl) +
	M(sev_kbs_server_config, token_ttl) + M(sev_kbs_server_config, threads) +
	M(sev_kbs_server_config, max_connections) + M(sev_kbs_server_config, conn_timeout) +
	M(sev_kbs_server_config, db_pool) + M(sev_kbs_server_config, db_timeout_ms) +
	M(sev_kbs_server_config, gpu_rim) + M(sev_kbs_server_config, n_gpu_rim) +
	M(sev_kbs_server_config, gpu_root));

LAYOUT(sev_kbs_client_opts, gpu_evidence_cmd,
	M(sev_kbs_client_opts, size) + M(sev_kbs_client_opts, url) +
	M(sev_kbs_client_opts, ca_file) + M(sev_kbs_client_opts, tsm_dir) +
	M(sev_kbs_client_opts, device) + M(sev_kbs_client_opts, via) +
	M(sev_kbs_client_opts, vmpl) + M(sev_kbs_client_opts, timeout) +
	M(sev_kbs_client_opts, reserved) + M(sev_kbs_client_opts, gpu_evidence_cmd));

LAYOUT(sev_gpu_result, n_compared,
	M(sev_gpu_result, size) + M(sev_gpu_result, verified) +
	M(sev_gpu_result, signature_valid) + M(sev_gpu_result, chain_verified) +
	M(sev_gpu_result, nonce_matched) + M(sev_gpu_result, fwid_checked) +
	M(sev_gpu_result, rims_checked) + M(sev_gpu_result, revocation_checked) +
	M(sev_gpu_result, reserved) + M(sev_gpu_result, n_fail) + M(sev_gpu_result, fail) +
	M(sev_gpu_result, n_mismatch) + M(sev_gpu_result, mismatch) +
	M(sev_gpu_result, n_compared));

int main(void)
{
	puts("30 growable structs: size first, no padding");
	return 0;
}
