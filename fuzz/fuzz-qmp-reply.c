/* SPDX-License-Identifier: Apache-2.0 */
/* One QMP message from QEMU, as the client reads it. */
#include "vm/qmp-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_qmp_msg m;

	if (sk_qmp_parse((const char *)data, size, &m) == 0)
		sk_qmp_msg_free(&m);
	return 0;
}
