/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Built-in detectors: what leaks from guests in practice. Each is one
 * Hyperscan expression compiled with leftmost start of match, which limits
 * the size of bounded repeats (hence one detector per crypt(3) scheme, and a
 * JWT with open-ended parts, found across boundaries up to 64 KiB). They look
 * for the secret itself, not for a format string that mentions it: a PEM
 * header must be followed by key material, a hash by a full-length digest.
 */
#include <pthread.h>

#include "memscan/memscan-internal.h"

#define B64 "[A-Za-z0-9+/]"
#define CRYPT "[./0-9A-Za-z]"
#define NL "\\r?\\n"
/*
 * One character of a value that is free text (a password): printable ASCII
 * other than blanks and quotes, or a UTF-8 encoded printable character (no C1
 * control). Every character of such a value is spelled out this way, never as
 * a negated class such as [^\s"'], which lets NUL and control bytes in: the
 * string table "password: \0incorrect" of a binary is then a "password".
 */
#define TEXT                                                                      \
	"(?:[!#-&(-~]|\\xc2[\\xa0-\\xbf]|[\\xc3-\\xdf][\\x80-\\xbf]|"                    \
	"[\\xe0-\\xef][\\x80-\\xbf]{2}|[\\xf0-\\xf4][\\x80-\\xbf]{3})"

/*
 * No expression lets a zero byte in but luks-header's one: a match never spans a page of
 * zeros, which the scan then leaves out (zero_run, 0 unless given).
 */
static const struct ms_detector table[] = {
	{ "pem-private-key",
	  "PEM private key (PKCS#1 RSA, DSA, EC, PKCS#8, encrypted PKCS#8): the BEGIN line "
	  "followed by at least 40 base64 characters of key",
	  "-----BEGIN ((RSA|DSA|EC|ENCRYPTED) )?PRIVATE KEY-----" NL
	  "(Proc-Type: 4,ENCRYPTED" NL "DEK-Info: [-A-Z0-9,]{1,80}" NL NL ")?" B64 "{40}", 0 },
	{ "openssh-private-key",
	  "OpenSSH private key: the BEGIN line followed by the base64 of \"openssh-key-v1\"",
	  "-----BEGIN OPENSSH PRIVATE KEY-----" NL "b3BlbnNzaC1rZXktdjE", 0 },
	{ "cloud-init-password",
	  "cloud-init user-data password: a password, passwd, plain_text_passwd or "
	  "hashed_passwd key with a value of 4 or more printable characters",
	  "(password|passwd|plain_text_passwd|hashed_passwd)[ \\t]*:[ \\t]*[\"']?" TEXT "{4,}", 0 },
	{ "cloud-init-chpasswd",
	  "cloud-init chpasswd section with its list, users or expire key (the entries hold "
	  "user:password pairs)",
	  "chpasswd:[ \\t]*" NL "[ \\t]+(list|users|expire)[ \\t]*:", 0 },
	{ "ssh-authorized-keys",
	  "cloud-init ssh_authorized_keys entry: the key followed by an OpenSSH public key",
	  "ssh_authorized_keys:[ \\t]*" NL "[ \\t]*-[ \\t]*[\"']?(ssh-(rsa|dss|ed25519)|"
	  "ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com) "
	  "AAAA" B64 "{16}", 0 },
	{ "crypt-md5", "crypt(3) MD5 password hash: $1$, salt of 1-8, 22-character digest",
	  "\\$1\\$" CRYPT "{1,8}\\$" CRYPT "{22}", 0 },
	{ "crypt-sha256",
	  "crypt(3) SHA-256 password hash: $5$, optional rounds=N$, salt of 1-16, 43-character "
	  "digest",
	  "\\$5\\$(rounds=[0-9]{1,9}\\$)?" CRYPT "{1,16}\\$" CRYPT "{43}", 0 },
	{ "crypt-sha512",
	  "crypt(3) SHA-512 password hash: $6$, optional rounds=N$, salt of 1-16, 86-character "
	  "digest",
	  "\\$6\\$(rounds=[0-9]{1,9}\\$)?" CRYPT "{1,16}\\$" CRYPT "{86}", 0 },
	{ "crypt-bcrypt", "crypt(3) bcrypt password hash: $2a$, $2b$, $2x$ or $2y$, two-digit "
			  "cost, 53 characters of salt and digest",
	  "\\$2[abxy]\\$[0-9]{2}\\$" CRYPT "{53}", 0 },
	{ "crypt-yescrypt",
	  "crypt(3) yescrypt ($y$, Debian's default) or gost-yescrypt ($gy$) password hash: "
	  "parameters of 1-16, salt of 1-43, 43-character digest",
	  "\\$g?y\\$" CRYPT "{1,16}\\$" CRYPT "{1,43}\\$" CRYPT "{43}", 0 },
	{ "aws-access-key-id",
	  "AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 upper-case letters or "
	  "digits, as a whole word",
	  "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b", 0 },
	{ "aws-secret-access-key",
	  "AWS secret access key: an aws_secret_access_key assignment with a 40-character value",
	  "(?i:aws_secret_access_key)[\"']?[ \\t]*[=:][ \\t]*[\"']?" B64 "{40}", 0 },
	{ "gcp-service-account-key",
	  "Google Cloud service-account JSON key: the private_key member holding a PEM key",
	  "\"private_key\"[ \\t]*:[ \\t]*\"-----BEGIN PRIVATE KEY-----\\\\n", 0 },
	{ "azure-connection-string",
	  "Azure storage or Service Bus connection string key: AccountKey= (88 base64 "
	  "characters) or SharedAccessKey= (44)",
	  "(AccountKey=" B64 "{86}==|SharedAccessKey=" B64 "{43}=)", 0 },
	{ "jwt",
	  "JSON Web Token: base64url header and payload that both start with '{\"' (eyJ), at "
	  "least 8 characters each, and the signature if present",
	  "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}(\\.[A-Za-z0-9_-]*)?", 0 },
	{ "luks-header",
	  "LUKS header: the magic 'LUKS' 0xba 0xbe (or 'SKUL' 0xba 0xbe, the LUKS2 secondary "
	  "header) and version 1 or 2; a disk's key slots are in memory",
	  "(LUKS|SKUL)\\xba\\xbe\\x00[\\x01\\x02]", 1 },
	{ "luks-volume-key",
	  "dm-crypt volume (master) key in text: a crypt table line '<cipher> <key> <iv_offset>' "
	  "with a 128- to 512-bit hex key, as cryptsetup hands it to the kernel and dmsetup "
	  "table --showkeys prints it",
	  "crypt [-a-z0-9:()]{3,64} [0-9a-f]{32,128} [0-9]{1,20} ", 0 },
};

const struct ms_detector *sk_ms_detector_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}

static struct sev_memscan_detector pub[sizeof(table) / sizeof(table[0])];
static pthread_once_t pub_once = PTHREAD_ONCE_INIT;

static void fill_pub(void)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		pub[i] = (struct sev_memscan_detector){ table[i].name, table[i].description };
}

const struct sev_memscan_detector *sev_memscan_detectors(size_t *n)
{
	/* once: a second thread must not rewrite what a first one reads */
	pthread_once(&pub_once, fill_pub);
	*n = sizeof(table) / sizeof(table[0]);
	return pub;
}
