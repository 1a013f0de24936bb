/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every public header of libsevkit, for programs that would rather include one.
 * tests/abi/symbols.py checks that none is missing here.
 */
#ifndef SEVKIT_SEVKIT_H
#define SEVKIT_SEVKIT_H

#include <sevkit/error.h>
#include <sevkit/version.h>

#include <sevkit/cert.h>
#include <sevkit/crypto.h>
#include <sevkit/domain.h>
#include <sevkit/file.h>
#include <sevkit/gpu.h>
#include <sevkit/host.h>
#include <sevkit/kbs.h>
#include <sevkit/launch.h>
#include <sevkit/libvirt.h>
#include <sevkit/measure.h>
#include <sevkit/memscan.h>
#include <sevkit/mode.h>
#include <sevkit/ovmf.h>
#include <sevkit/platform.h>
#include <sevkit/policy.h>
#include <sevkit/seal.h>
#include <sevkit/session.h>
#include <sevkit/snp.h>
#include <sevkit/util.h>
#include <sevkit/verity.h>
#include <sevkit/vm.h>

#endif
