/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 8785 JSON Canonicalization Scheme (JCS) of a jansson value: object
 * members sorted by the UTF-16 code units of their names, no white space,
 * strings with the minimal escaping of ECMAScript's JSON.stringify, numbers
 * in ECMAScript's Number-to-String form. The key broker hashes this form of
 * the runtime data into REPORT_DATA, so every byte matters.
 */
#ifndef SK_KBS_JCS_H
#define SK_KBS_JCS_H

#include <stddef.h>

#include <jansson.h>

/*
 * The canonical form of v in *out (malloc'd, NUL-terminated; *len without
 * the NUL). Integers are written as they are (jansson keeps them exact);
 * reals in the shortest form that reads back as the same double.
 * SEV_E_FORMAT (reason logged) for a non-finite real or a string or name
 * that is not valid UTF-8; SEV_E_TOOBIG for nesting deeper than 512; -ENOMEM.
 */
int sk_jcs_dump(const json_t *v, char **out, size_t *len);

/*
 * One double in ECMAScript's Number::toString form into buf (at least 32
 * bytes): "0" for -0, "1e+21", "0.000001", "5e-324". SEV_E_FORMAT for NaN
 * and the infinities.
 */
int sk_jcs_number(double d, char buf[32]);

#endif
