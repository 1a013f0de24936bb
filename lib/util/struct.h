/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The library's side of the growable public structs (SEV_INIT in
 * <sevkit/error.h>): every one starts with `size_t size`, the size the
 * caller was compiled with. A public function works on its own full copy and
 * exchanges with the caller only the bytes both know.
 */
#ifndef SK_STRUCT_H
#define SK_STRUCT_H

#include <stddef.h>

/*
 * Copy the caller's struct into mine[mine_size], zeroing the fields the
 * caller does not know; mine's size becomes mine_size. SEV_E_INVALID when the
 * caller's size is smaller than a size_t (not initialised), SEV_E_UNSUPPORTED
 * when it is larger than mine with a non-zero part I do not know. Logged,
 * naming what (the struct's name).
 */
int sk_struct_in(void *mine, size_t mine_size, const void *caller, const char *what);
/*
 * Check an output struct before the library fills it: the same rules, without
 * copying (its contents are the library's to write).
 */
int sk_struct_check_out(const void *caller, size_t mine_size, const char *what);
/*
 * Give the caller mine's fields, as many as its size holds; a caller's larger
 * struct gets zeros past mine. The caller's size field is left as it was.
 */
void sk_struct_out(void *caller, const void *mine, size_t mine_size);

#endif
