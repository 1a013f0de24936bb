/* SPDX-License-Identifier: Apache-2.0 */
#include "util/struct.h"

#include <string.h>

#include <sevkit/error.h>

#include "util/log.h"

static size_t size_of(const void *s)
{
	size_t n;

	memcpy(&n, s, sizeof(n));
	return n;
}

static int check(const void *caller, size_t mine_size, const char *what, int in)
{
	size_t n = size_of(caller);
	const unsigned char *tail = (const unsigned char *)caller + mine_size;

	if (n < sizeof(size_t))
		return sk_fail(SEV_E_INVALID, "struct %s: size not set (use SEV_INIT)", what);
	/* an output's tail is the caller's to keep; only an input's must be empty */
	for (size_t i = 0; in && n > mine_size && i < n - mine_size; i++)
		if (tail[i])
			return sk_fail(SEV_E_UNSUPPORTED, "struct %s: fields of a newer libsevkit "
				       "are set (%zu bytes, this one knows %zu)", what, n,
				       mine_size);
	return 0;
}

int sk_struct_in(void *mine, size_t mine_size, const void *caller, const char *what)
{
	size_t n;
	int rc = check(caller, mine_size, what, 1);

	if (rc)
		return rc;
	n = size_of(caller);
	memset(mine, 0, mine_size);
	memcpy(mine, caller, n < mine_size ? n : mine_size);
	memcpy(mine, &mine_size, sizeof(mine_size));
	return 0;
}

int sk_struct_check_out(const void *caller, size_t mine_size, const char *what)
{
	return check(caller, mine_size, what, 0);
}

void sk_struct_out(void *caller, const void *mine, size_t mine_size)
{
	size_t n = size_of(caller);
	unsigned char *c = caller;

	if (n < sizeof(size_t))
		return; /* refused by the check the function made first */
	if (n > mine_size)
		memset(c + mine_size, 0, n - mine_size);
	else
		mine_size = n;
	memcpy(c + sizeof(size_t), (const unsigned char *)mine + sizeof(size_t),
	       mine_size - sizeof(size_t));
}
