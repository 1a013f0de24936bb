/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Each built-in detector on a real sample (keys from openssl genpkey and
 * ssh-keygen, hashes from glibc/libxcrypt crypt(3), AWS and Azure documentation
 * example values) and on a near miss that must not match.
 */
#include "ms-test.h"

#include "memscan/memscan-internal.h"

struct found {
	size_t n;
	uint64_t addr, len;
};

static struct found scan(const char *detector, const char *text, size_t len)
{
	struct sev_memscan_patterns *p;
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	struct found f = { 0 };
	size_t n = len + 16;
	uint8_t *buf = calloc(1, n);

	memcpy(buf + 8, text, len);
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_detectors(p, detector), 0); /* NULL: all */
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	assert_int_equal(sev_memscan_open_mem(buf, n, SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	f.n = r->n_hits;
	if (r->n_hits && detector) {
		assert_string_equal(r->hits[0].name, detector);
		assert_int_equal(r->hits[0].kind, SEV_MEMSCAN_DETECTOR);
		f.addr = r->hits[0].addr - 8;
		f.len = r->hits[0].len;
	}
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(buf);
	return f;
}

/* yes has one match at `at` of `len` bytes; no has none (lengths 0: strlen). */
static void expect_n(const char *detector, const char *yes, size_t yes_len, uint64_t at,
		     uint64_t len, const char *no, size_t no_len)
{
	struct found f = scan(detector, yes, yes_len ? yes_len : strlen(yes));

	if (f.n != 1 || f.addr != at || f.len != len)
		fail_msg("%s: %zu hits, first at %llu len %llu (want 1 at %llu len %llu)", detector,
			 f.n, (unsigned long long)f.addr, (unsigned long long)f.len,
			 (unsigned long long)at, (unsigned long long)len);
	if (scan(detector, no, no_len ? no_len : strlen(no)).n != 0)
		fail_msg("%s matched the near miss", detector);
}

static void expect(const char *detector, const char *yes, uint64_t at, uint64_t len,
		   const char *no)
{
	expect_n(detector, yes, 0, at, len, no, 0);
}

static void pem(void **state)
{
	(void)state;
	expect("pem-private-key",
	       "x\n-----BEGIN PRIVATE KEY-----\n"
	       "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1Ww+e5yZRzn13/EU\n",
	       2, 28 + 40,
	       "PEM_read_bio: -----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
	expect("pem-private-key",
	       "-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n"
	       "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\r\n\r\n"
	       "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1Ww+e5yZRzn13/EU\r\n",
	       0, 33 + 24 + 56 + 2 + 40, "-----BEGIN PUBLIC KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1Ww\n");
}

static void openssh(void **state)
{
	(void)state;
	expect("openssh-private-key",
	       "-----BEGIN OPENSSH PRIVATE KEY-----\n"
	       "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n",
	       0, 36 + 19, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAB3NzaC1yc2E\n");
}

static void cloud_init(void **state)
{
	(void)state;
	expect("cloud-init-password", "users:\n  - name: admin\n    plain_text_passwd: s3cr3t!\n",
	       27, 26, "users:\n  - name: admin\n    plain_text_passwd: ''\n");
	expect("cloud-init-chpasswd", "#cloud-config\nchpasswd:\n  list: |\n    root:pw\n", 14, 17,
	       "chpasswd: { expire: False }\n");
	expect("ssh-authorized-keys",
	       "ssh_authorized_keys:\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINDqyCGWZ3lpXQ0Eq23o\n",
	       0, 21 + 4 + 12 + 20, "ssh_authorized_keys: []\n");
}

/*
 * A password is printable text. In the string table of a binary a prompt
 * "password: " ends with its NUL and the next string follows: that is no
 * password, nor are control bytes, DEL, a C1 control or bytes that are not UTF-8.
 */
static void password_is_printable_text(void **state)
{
	static const struct {
		const char *text;
		size_t len;
	} binary[] = {
		{ "password: \0incorrect", 20 },
		{ "password:\0\0\0\0\0\0", 15 },
		{ "passwd:\t\x01\x02\x03\x04\x05", 13 },
		{ "password: ab\0cd\0", 16 },
		{ "hashed_passwd: \x7f\x7f\x7f\x7f", 19 },
		{ "password: \"\x1b[0m\"", 16 },
		{ "plain_text_passwd: \xc2\x85" "abc", 24 },
		{ "password: \xff\xfe\xfd\xfc\xfb", 15 },
		{ "password: \xc3" "abc", 14 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(binary) / sizeof(binary[0]); i++)
		if (scan("cloud-init-password", binary[i].text, binary[i].len).n != 0)
			fail_msg("case %zu: a value that is not printable text matched", i);
	/* real text still matches, up to the first byte that is not text */
	expect("cloud-init-password", "password: hunter2", 0, 17, "password: hun");
	expect_n("cloud-init-password", "password: hunter2\0next", 22, 0, 17,
		 "password: \0hunter2", 18);
	expect("cloud-init-password", "  plain_text_passwd: \"p\xc3\xa4ssw\xc3\xb6rd\"\n", 2, 30,
	       "  plain_text_passwd: \"\xc3\xa4\"\n");
}

/* libpam 1.5.2's prompts (Debian 12), NUL-separated as in memory: no detector fires. */
static void binary_string_table(void **state)
{
	size_t len;
	uint8_t *buf = test_vector("memscan/libpam-strings.bin", &len);

	(void)state;
	assert_non_null(memmem(buf, len, "password: \0New password: \0", 26));
	assert_int_equal(scan(NULL, (const char *)buf, len).n, 0);
	free(buf);
}

/*
 * The table itself: a detector of text spells out the characters it takes, no
 * negated class, '.', \S, \W or \D, which all take NUL and control bytes too.
 * luks-header matches binary bytes by design.
 */
static void text_detectors_spell_out_their_characters(void **state)
{
	size_t n;
	const struct ms_detector *t = sk_ms_detector_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *re = t[i].regex;
		bool in_class = false;

		if (strcmp(t[i].name, "luks-header") == 0)
			continue;
		for (size_t k = 0; re[k]; k++) {
			if (re[k] == '\\') {
				if (strchr("SWD", re[k + 1]))
					fail_msg("%s: \\%c at %zu", t[i].name, re[k + 1], k);
				k++;
			} else if (!in_class && re[k] == '[') {
				if (re[k + 1] == '^')
					fail_msg("%s: negated class at %zu", t[i].name, k);
				in_class = true;
			} else if (in_class && re[k] == ']') {
				in_class = false;
			} else if (!in_class && re[k] == '.') {
				fail_msg("%s: '.' at %zu", t[i].name, k);
			}
		}
	}
}

static void crypt_hashes(void **state)
{
	(void)state;
	expect("crypt-md5", "root:$1$saltsalt$6SNdNaZLKst2LlSm7oPPL1:19000", 5, 34,
	       "$1$saltsalt$6SNdNaZLKst2");
	expect("crypt-sha256", "u:$5$rounds=5000$saltsalt$0rl.MZtoLLPP3X0Rdl8riRnphIcAXJY27/aOAyK2hB5:",
	       2, 67, "$5$saltsalt$0rl.MZtoLLPP3X0Rdl8riRn");
	expect("crypt-sha512",
	       "$6$saltsalt$pauPrmdmG4BTE9h2HPmywiw152IFch6BJCEsaY6D.PLTfpV8sqvXwWdyfsgVgozkYH9B80bAip/"
	       "08R2BPH2xk/",
	       0, 98, "$6$saltsalt$pauPrmdmG4BTE9h2HPmywiw152IFch6BJCEsaY6D");
	expect("crypt-bcrypt", "$2b$05$abcdefghijklmnopqrstuuHIrMEWpUCQe2YqFR3sXwQ75u4od..9q", 0, 60,
	       "$2b$5$abcdefghijklmnopqrstuuHIrMEWpUCQe2YqFR3sXwQ75u4od..9q");
	expect("crypt-yescrypt",
	       "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$U4SOHmDd8SvW5vCUKSMR6N835VPwFAtgYNhQ9mFFeL5", 0, 73,
	       "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$U4SOHmDd8SvW5vCUKSMR");
}

static void cloud_keys(void **state)
{
	(void)state;
	expect("aws-access-key-id", "key=AKIAIOSFODNN7EXAMPLE;", 4, 20, "xAKIAIOSFODNN7EXAMPLEX");
	expect("aws-secret-access-key",
	       "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", 0, 64,
	       "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n");
	expect("gcp-service-account-key",
	       "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE",
	       28, 45, "{\"private_key_id\": \"0123\"}");
	expect("azure-connection-string",
	       "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey="
	       "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw"
	       "==;",
	       60, 99, "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50==;");
}

static void jwt(void **state)
{
	(void)state;
	expect("jwt",
	       "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
	       "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\"",
	       7, 108, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.notajwt");
}

static void luks(void **state)
{
	(void)state;
	expect_n("luks-header", "LUKS\xba\xbe\x00\x02" "\x00\x00\x00\x00\x00\x00\x40\x00", 16, 0,
		 8, "LUKS\xba\xbe\x00\x03", 8);
	expect("luks-volume-key",
	       "0 2097152 crypt aes-xts-plain64 "
	       "6a3c4f1d2b8e9f0a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b 0 8:16 4096\n",
	       10, 6 + 16 + 65 + 2, "0 2097152 crypt aes-xts-plain64 :32:logon:cryptsetup:x 0 8:16 4096\n");
}

/* Whether an expression (Hyperscan's PCRE syntax) has a way to match a zero byte. */
static bool lets_zero_in(const char *re)
{
	bool in_class = false;

	for (const char *c = re; *c; c++) {
		if (*c == '\\') {
			c++;
			/* the negated shorthands match NUL; so does an escaped NUL */
			if (strchr("WDSHVN", *c) || !strncmp(c, "x00", 3) || *c == '0')
				return true;
			continue;
		}
		if (*c == '[' && !in_class) {
			in_class = true;
			if (c[1] == '^')
				return true;
		} else if (*c == ']' && in_class) {
			in_class = false;
		} else if (*c == '.' && !in_class) {
			return true;
		}
	}
	return false;
}

/*
 * The scan leaves out runs of zero pages on the word of each detector that a match holds no
 * more than zero_run zero bytes in a row: an expression that declares none spells out all its
 * characters (no negated class, no '.', no \W \D \S), and one that declares some holds them
 * only as written (luks-header's version field).
 */
static void zero_runs_are_as_declared(void **state)
{
	size_t n;
	const struct ms_detector *t = sk_ms_detector_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (t[i].zero_run == 0 && lets_zero_in(t[i].regex))
			fail_msg("%s: declares no zero byte, yet its expression lets one in",
				 t[i].name);
		if (t[i].zero_run && !strcmp(t[i].name, "luks-header"))
			assert_int_equal(t[i].zero_run, 1);
	}
	/* the check itself */
	assert_true(lets_zero_in("a[^b]c") && lets_zero_in("a.c") && lets_zero_in("a\\Wc") &&
		    lets_zero_in("a\\x00") && !lets_zero_in("a\\.[.x]c") &&
		    !lets_zero_in("[A-Za-z0-9_-]{8,}"));
}

static void unknown_detector(void **state)
{
	struct sev_memscan_patterns *p;

	(void)state;
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	ms_capture_logs();
	assert_int_equal(sev_memscan_add_detectors(p, "jwt,nope"), SEV_E_INVALID);
	assert_non_null(strstr(ms_last_log, "unknown detector 'nope'"));
	sev_memscan_patterns_free(p);
}

static void all_compile(void **state)
{
	struct sev_memscan_patterns *p;
	size_t n;
	const struct sev_memscan_detector *d = sev_memscan_detectors(&n);

	(void)state;
	assert_true(n >= 15);
	assert_string_equal(d[0].name, "pem-private-key");
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_detectors(p, NULL), 0);
	assert_int_equal(sev_memscan_patterns_count(p), n);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	sev_memscan_patterns_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pem),          cmocka_unit_test(openssh),
		cmocka_unit_test(cloud_init),   cmocka_unit_test(crypt_hashes),
		cmocka_unit_test(cloud_keys),   cmocka_unit_test(jwt),
		cmocka_unit_test(luks),         cmocka_unit_test(unknown_detector),
		cmocka_unit_test(all_compile),  cmocka_unit_test(password_is_printable_text),
		cmocka_unit_test(binary_string_table),
		cmocka_unit_test(zero_runs_are_as_declared),
		cmocka_unit_test(text_detectors_spell_out_their_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
