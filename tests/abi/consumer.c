/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A program outside the tree: it includes <sevkit/sevkit.h> alone and links
 * the installed libsevkit.so (tests/abi/consumer.sh builds and runs it).
 * usage: consumer EXPECTED_VERSION
 */
#include <stdio.h>
#include <string.h>

#include <sevkit/sevkit.h>

int main(int argc, char **argv)
{
	const char *version = sev_version();

	if (argc != 2) {
		fprintf(stderr, "usage: consumer EXPECTED_VERSION\n");
		return 2;
	}
	printf("libsevkit %s\n", version);
	if (strcmp(version, argv[1]) != 0) {
		fprintf(stderr, "sev_version() is '%s', expected '%s'\n", version, argv[1]);
		return 1;
	}
	/* a second entry point, with the text the library documents for SEV_E_FORMAT */
	if (strcmp(sev_strerror(SEV_E_FORMAT), "malformed input") != 0) {
		fprintf(stderr, "sev_strerror(SEV_E_FORMAT) is '%s'\n", sev_strerror(SEV_E_FORMAT));
		return 1;
	}
	return 0;
}
