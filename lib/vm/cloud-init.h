/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cloud-init seeds a domain hands to its guest, and the passwords in them.
 * What can be seen from the domain: a disk or CD-ROM whose file is named like
 * a seed (cidata, cloud-init, nocloud, seed, user-data, or kcli's <domain>.ISO)
 * or, when the file is readable, whose ISO 9660 volume label is "cidata"; an
 * SMBIOS serial with "ds=nocloud" (the data source lives elsewhere); and fw_cfg
 * entries that carry user-data inline or from a file. Seed files that can be
 * read are scanned as text for passwords.
 */
#ifndef SK_VM_CLOUD_INIT_H
#define SK_VM_CLOUD_INIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SK_SEED_MAX (64u << 20) /* seeds are a few KiB; larger files are not scanned */

/* Does the file name look like a cloud-init seed? domain_name: for kcli's NAME.ISO. */
bool sk_seed_name(const char *path, const char *domain_name);

/* Is this an ISO 9660 image whose volume label is cidata (either case)? */
bool sk_iso_is_cidata(const uint8_t *buf, size_t len);

struct sk_seed_scan {
	bool plain;          /* a password in plain text */
	bool hashed;         /* a password hash (crackable offline by the host) */
	char plain_key[32];  /* the key that held it (never the value) */
};

/* Scan cloud-config text (or a whole image holding it) for passwords. */
void sk_seed_scan(const uint8_t *buf, size_t len, struct sk_seed_scan *out);

#endif
