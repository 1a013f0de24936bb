/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sev_seal: the verity tree, the command line that carries its root hash, the
 * launch digest of a direct boot with that line, then the documents. Each step
 * calls the area that owns it (verity/, ovmf/, measure/, snp/); this file only
 * orders them and decides where the results go.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/ovmf.h>
#include <sevkit/policy.h>
#include <sevkit/snp.h>

#include "crypto/file-hash.h"
#include "crypto/hash.h"
#include "seal-internal.h"
#include "util/fdio.h"
#include "util/file.h"
#include "util/hex.h"
#include "util/json.h"
#include "util/log.h"
#include "util/struct.h"

#define FIRMWARE_MAX (64u << 20)

static int check_config(const struct sev_seal_config *c)
{
	if (!c->image || !c->ovmf || !c->kernel || !c->out_dir)
		return sk_fail(SEV_E_INVALID, "seal: an image, a firmware, a kernel and an output "
			       "directory are required");
	if (c->partition && (c->data_offset || c->data_size))
		return sk_fail(SEV_E_INVALID, "seal: a partition or a data window, not both");
	if (!c->boot.data_device || !c->boot.hash_device)
		return sk_fail(SEV_E_INVALID, "seal: the guest's names of the data and hash "
			       "devices are required");
	if (c->vcpus == 0)
		return sk_fail(SEV_E_INVALID, "seal: at least one vCPU");
	if (!c->sign_key != !c->sign_cert)
		return sk_fail(SEV_E_INVALID, "seal: a signing key needs its certificate");
	if (c->author_key && !c->id_key)
		return sk_fail(SEV_E_INVALID, "seal: an author key signs an ID key: give both");
	if (sev_snp_policy_validate(c->policy))
		return sk_fail(SEV_E_INVALID, "seal: guest policy 0x%llx is not a valid SEV-SNP "
			       "policy", (unsigned long long)c->policy);
	return sev_verity_params_check(&c->verity);
}

/*
 * A UUID that follows from the tree (RFC 9562 version 8, name-based by our own
 * rule): two seals of the same data give the same superblock, two different
 * images different UUIDs.
 */
static int derive_uuid(struct seal_state *s)
{
	static const char label[] = "sevkit seal verity uuid";
	uint8_t in[sizeof(label) + SEV_VERITY_DIGEST_MAX], out[SK_SHA256_LEN];
	int rc;

	memcpy(in, label, sizeof(label));
	memcpy(in + sizeof(label), s->r->root, s->r->root_len);
	if ((rc = sk_sha256(in, sizeof(label) + s->r->root_len, out)))
		return rc;
	memcpy(s->p.uuid, out, 16);
	s->p.uuid[6] = (uint8_t)((s->p.uuid[6] & 0x0f) | 0x80);
	s->p.uuid[8] = (uint8_t)((s->p.uuid[8] & 0x3f) | 0x80);
	return 0;
}

static int rewrite_superblock(struct seal_state *s, const char *hash_path)
{
	uint8_t sb[SEV_VERITY_SB_SIZE];
	size_t put;
	int fd, rc = sev_verity_sb_build(&s->p, sb);

	if (rc)
		return rc;
	fd = open(hash_path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return sk_fail(-errno, "%s: %s", hash_path, strerror(errno));
	if ((rc = sk_pwrite_full(fd, sb, sizeof(sb), s->p.hash_offset, &put)))
		rc = sk_fail(rc, "%s: %s", hash_path, strerror(-rc));
	else if (fsync(fd))
		rc = sk_fail(-errno, "%s: %s", hash_path, strerror(errno));
	close(fd);
	return rc;
}

static bool zero_uuid(const uint8_t uuid[16])
{
	static const uint8_t zero[16];

	return !memcmp(uuid, zero, sizeof(zero));
}

static int build_tree(struct seal_state *s, const char *hash_path)
{
	const struct sev_seal_config *c = s->c;
	struct sev_verity_run run = {
		.size = sizeof(run), .threads = c->threads, .overwrite = c->replace,
		.progress = c->progress, .progress_ctx = c->progress_ctx,
		.data_offset = c->data_offset, .data_size = c->data_size,
	};
	bool derive = s->p.superblock && zero_uuid(s->p.uuid);
	int rc;

	if (c->partition &&
	    (rc = sev_verity_partition(c->image, c->partition, &run.data_offset, &run.data_size)))
		return rc;
	s->p.data_blocks = 0;
	rc = sev_verity_format(c->image, hash_path, &s->p, &run, s->r->root, &s->r->root_len);
	if (!rc && derive && !(rc = derive_uuid(s)))
		rc = rewrite_superblock(s, hash_path);
	s->r->data_blocks = s->p.data_blocks;
	s->r->data_offset = run.data_offset;
	s->r->data_size = s->p.data_blocks * s->p.data_block_size;
	return rc;
}

static int build_cmdline(struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;
	char *verity = NULL;
	int rc = c->systemd ?
		 sev_verity_cmdline_systemd(&s->p, s->r->root, s->r->root_len, &c->boot, &verity) :
		 sev_verity_cmdline_dm(&s->p, s->r->root, s->r->root_len, &c->boot, &verity);

	if (rc)
		return rc;
	if (c->append && *c->append) {
		if (asprintf(&s->cmdline, "%s %s", c->append, verity) < 0)
			s->cmdline = NULL;
	} else {
		s->cmdline = strdup(verity);
	}
	free(verity);
	return s->cmdline ? 0 : -ENOMEM;
}

static int hash_input(const char *path, struct seal_input *in)
{
	in->path = path;
	return sk_file_hash(path, in->sha256, in->sha384);
}

/* The launch inputs are read before the long work: a missing kernel costs nothing. */
static int load_launch_inputs(struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;
	int rc = sk_file_read(c->ovmf, FIRMWARE_MAX, &s->fw, &s->fw_len);

	if (!rc && !(rc = sk_sha256(s->fw, s->fw_len, s->ovmf.sha256)))
		rc = sk_sha384(s->fw, s->fw_len, s->ovmf.sha384);
	s->ovmf.path = c->ovmf;
	if (!rc)
		rc = hash_input(c->kernel, &s->kernel);
	if (!rc && c->initrd)
		rc = hash_input(c->initrd, &s->initrd);
	return rc;
}

static int measure(struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;
	uint8_t hashes[SEV_KERNEL_HASHES_LEN];
	struct sev_snp_config snp = {
		.size = sizeof(snp), .firmware = s->fw, .firmware_len = s->fw_len,
		.kernel_hashes = hashes, .vcpus = c->vcpus, .vcpu_sig = c->vcpu_sig,
		.guest_features = c->guest_features, .vmm = c->vmm, .fpu = c->fpu,
	};
	int rc = sev_kernel_hashes_digests(s->kernel.sha256, c->initrd ? s->initrd.sha256 : NULL,
					   s->cmdline, hashes);

	if (!rc) {
		sev_log_subject_push(c->ovmf);
		rc = sev_snp_launch_digest(&snp, s->r->measurement);
		sev_log_subject_pop();
	}
	return rc;
}

static int key_digest(const struct sev_id_key *key, uint8_t digest[SEV_SNP_LD_LEN])
{
	uint8_t pub[SEV_ECDSA_PUBKEY_LEN];
	int rc = sev_id_key_public(key, pub);

	return rc ? rc : sev_id_key_digest(pub, digest);
}

static int sign_id_block(struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;
	struct sev_id_block b;
	struct sev_id_auth a;
	int rc;

	sev_id_block_init(&b, s->r->measurement);
	b.policy = c->policy;
	b.guest_svn = c->guest_svn;
	memcpy(b.family_id, c->family_id, sizeof(b.family_id));
	memcpy(b.image_id, c->image_id, sizeof(b.image_id));
	sev_id_block_encode(&b, s->id_block);
	if ((rc = sev_id_auth_create(s->id_block, c->id_key, c->author_key, &a)))
		return rc;
	sev_id_auth_encode(&a, s->id_auth);
	s->has_id = true;
	s->has_author = c->author_key != NULL;
	rc = key_digest(c->id_key, s->id_key_digest);
	if (!rc && c->author_key)
		rc = key_digest(c->author_key, s->author_key_digest);
	return rc;
}

static int sign_root_hash(struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;
	int rc = sev_verity_sign_root_hash(s->r->root, s->r->root_len, c->sign_key,
					   c->sign_key_len, c->sign_cert, c->sign_cert_len,
					   &s->root_sig, &s->root_sig_len);

	return rc ? rc : sk_sha384(c->sign_cert, c->sign_cert_len, s->sign_cert_sha384);
}

/* One file of the directory, listed in outputs with its digest (or as a signature). */
static int put(struct seal_dir *d, json_t *outputs, const char *name, const void *data,
	       size_t len, bool signature)
{
	uint8_t digest[SK_SHA384_LEN];
	int rc = data ? seal_dir_write(d, name, data, len) : -ENOMEM;

	if (rc)
		return rc;
	/* an ECDSA signature differs each time: listed, not pinned */
	if (signature)
		return json_object_set_new(outputs, name, json_pack("{s:b}", "signature", 1));
	if ((rc = sk_sha384(data, len, digest)))
		return rc;
	return json_object_set_new(outputs, name,
				   json_pack("{s:o}", "sha384", sk_json_hex(digest, sizeof(digest))));
}

static int write_documents(struct seal_state *s, struct seal_dir *d)
{
	json_t *out = json_object();
	char root_hex[2 * SEV_VERITY_DIGEST_MAX + 1];
	char *ref = seal_reference_json(s), *rvps = seal_rvps_json(s), *manifest = NULL;
	int rc = out ? 0 : -ENOMEM;

	sk_hex_encode(root_hex, s->r->root, s->r->root_len);
	if (!rc)
		rc = put(d, out, SEV_SEAL_ROOT_HASH, root_hex, strlen(root_hex), false);
	if (!rc)
		rc = put(d, out, SEV_SEAL_CMDLINE, s->cmdline, strlen(s->cmdline), false);
	if (!rc)
		rc = put(d, out, SEV_SEAL_REFERENCE, ref, ref ? strlen(ref) : 0, false);
	if (!rc)
		rc = put(d, out, SEV_SEAL_RVPS, rvps, rvps ? strlen(rvps) : 0, false);
	if (!rc && s->has_id)
		rc = put(d, out, SEV_SEAL_ID_BLOCK, s->id_block, sizeof(s->id_block), false);
	if (!rc && s->has_id)
		rc = put(d, out, SEV_SEAL_ID_AUTH, s->id_auth, sizeof(s->id_auth), true);
	if (!rc && s->root_sig)
		rc = put(d, out, SEV_SEAL_ROOT_SIG, s->root_sig, s->root_sig_len, true);
	if (!rc && !(manifest = seal_manifest_json(s, out)))
		rc = -ENOMEM;
	if (!rc)
		rc = seal_dir_write(d, SEV_SEAL_MANIFEST, manifest, strlen(manifest));
	json_decref(out);
	free(ref);
	free(rvps);
	free(manifest);
	return rc;
}

/* The hash device: in the directory unless the caller named one. */
static int hash_device(struct seal_state *s, struct seal_dir *d, char **owned)
{
	*owned = NULL;
	if (s->c->hash_device) {
		s->hash_path = s->c->hash_device;
		return 0;
	}
	if (!(*owned = seal_dir_name(d, SEV_SEAL_HASH_DEVICE)))
		return -ENOMEM;
	s->hash_path = SEV_SEAL_HASH_DEVICE;
	return 0;
}

static int run(struct seal_state *s)
{
	const struct sev_seal_config *c = s->c;
	struct seal_dir d = { 0 };
	struct stat st;
	/* a hash device of the caller's that this seal creates goes again if the seal fails */
	bool created = c->hash_device && lstat(c->hash_device, &st) != 0;
	char *owned = NULL;
	int rc = load_launch_inputs(s);

	if (!rc)
		rc = seal_dir_open(&d, c->out_dir, c->replace);
	if (!rc)
		rc = hash_device(s, &d, &owned);
	if (!rc && created)
		rc = seal_dir_track(&d, c->hash_device);
	if (!rc)
		rc = build_tree(s, owned ? owned : c->hash_device);
	if (!rc)
		rc = sk_file_hash(owned ? owned : c->hash_device, NULL, s->hash_sha384);
	if (!rc)
		rc = build_cmdline(s);
	if (!rc)
		rc = measure(s);
	if (!rc && c->id_key)
		rc = sign_id_block(s);
	if (!rc && c->sign_key)
		rc = sign_root_hash(s);
	if (!rc)
		rc = write_documents(s, &d);
	if (!rc)
		rc = seal_dir_commit(&d, c->replace);
	if (rc && created)
		unlink(c->hash_device);
	seal_dir_close(&d);
	free(owned);
	return rc;
}

SEV_API int sev_seal(const struct sev_seal_config *c, struct sev_seal_result *r)
{
	struct sev_seal_config c_mine;
	struct sev_seal_result r_mine = { .size = sizeof(r_mine) };
	struct seal_state s = { .c = &c_mine, .r = &r_mine };
	int rc;

	if ((rc = sk_struct_in(&c_mine, sizeof(c_mine), c, "sev_seal_config")) ||
	    (rc = sk_struct_check_out(r, sizeof(r_mine), "sev_seal_result")) ||
	    (rc = check_config(&c_mine)))
		return rc;
	s.p = c_mine.verity;
	rc = run(&s);
	if (!rc)
		sk_struct_out(r, &r_mine, sizeof(r_mine));
	free(s.cmdline);
	free(s.root_sig);
	free(s.fw);
	return rc;
}
