/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Seed recognition and password scanning. The ISO images were made with
 * cloud-localds (cloud-image-utils 0.33) and genisoimage, see
 * tests/vectors/domain/README.md.
 */
#include "../test.h"

#include "vm/cloud-init.h"

static void scan(const char *rel, bool plain, bool hashed, const char *key)
{
	struct sk_seed_scan s;
	size_t len;
	uint8_t *buf = test_vector(rel, &len);

	sk_seed_scan(buf, len, &s);
	if (s.plain != plain || s.hashed != hashed)
		fail_msg("%s: plain %d hashed %d", rel, s.plain, s.hashed);
	if (key)
		assert_string_equal(s.plain_key, key);
	free(buf);
}

static void user_data_files(void **state)
{
	(void)state;
	scan("domain/seed/user-data-chpasswd-list", true, false, "chpasswd");
	scan("domain/seed/user-data-password", true, false, "password");
	scan("domain/seed/user-data-chpasswd-users", true, false, "password");
	scan("domain/seed/user-data-plain-text-passwd", true, false, "plain_text_passwd");
	scan("domain/seed/user-data-hashed", false, true, NULL);
	scan("domain/seed/user-data-keys", false, false, NULL);
	scan("domain/seed/meta-data", false, false, NULL);
	/* the user-data sits in the ISO in plain text: the image is scanned as it is */
	scan("domain/seed/config-plain.iso", true, false, "chpasswd");
	scan("domain/seed/config-keys.iso", false, false, NULL);
}

static void snippets(void **state)
{
	static const struct {
		const char *text;
		bool plain, hashed;
	} t[] = {
		{ "password: RANDOM\n", false, false },        /* cloud-init makes one up */
		{ "password: ''\n", false, false },
		{ "password:\n", false, false },
		{ "  - password: \"$6$abc$def\"\n", false, true }, /* a hash, quoted */
		{ "chpasswd:\n  list:\n    - root:R\n", false, false },
		{ "chpasswd:\n  list:\n    - root:toor\n", true, false },
		{ "chpasswd: {expire: false}\nruncmd:\n  - echo a:b\n", false, false },
		{ "hashed_passwd: $y$j9T$x\n", false, true },
		{ "ssh_pwauth: true\n", false, false },
		{ "", false, false },
		{ "password: x", true, false },                  /* no final newline */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct sk_seed_scan s;

		sk_seed_scan((const uint8_t *)t[i].text, strlen(t[i].text), &s);
		if (s.plain != t[i].plain || s.hashed != t[i].hashed)
			fail_msg("'%s': plain %d hashed %d", t[i].text, s.plain, s.hashed);
	}
}

static void iso_label(void **state)
{
	size_t len;
	uint8_t *iso = test_vector("domain/seed/config-plain.iso", &len);
	uint8_t *other = NULL;
	size_t other_len;

	(void)state;
	assert_true(sk_iso_is_cidata(iso, len));
	assert_false(sk_iso_is_cidata(iso, 0x8000 + 40));   /* truncated before the label */
	iso[0x8001] = 'X';                                    /* not "CD001" */
	assert_false(sk_iso_is_cidata(iso, len));
	free(iso);
	other = test_vector("domain/seed/other.iso", &other_len); /* volume label "install" */
	assert_false(sk_iso_is_cidata(other, other_len));
	free(other);
	other = test_vector("domain/seed/user-data-keys", &other_len);
	assert_false(sk_iso_is_cidata(other, other_len));
	free(other);
}

static void seed_names(void **state)
{
	(void)state;
	assert_true(sk_seed_name("/var/lib/libvirt/images/vm1-cidata.iso", "vm1"));
	assert_true(sk_seed_name("/tmp/Cloud-Init.img", NULL));
	assert_true(sk_seed_name("/srv/nocloud/seed.img", NULL));
	assert_true(sk_seed_name("/var/lib/libvirt/images/fedora39.ISO", "fedora39"));
	assert_false(sk_seed_name("/var/lib/libvirt/images/fedora39.ISO", "fedora40"));
	assert_false(sk_seed_name("/var/lib/libvirt/images/Fedora-Server-39.iso", "vm"));
	assert_false(sk_seed_name("/seed-dir/disk.qcow2", "vm")); /* only the file name counts */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(user_data_files),
		cmocka_unit_test(snippets),
		cmocka_unit_test(iso_label),
		cmocka_unit_test(seed_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
