/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ELF core files: QEMU dump-guest-memory and virsh dump --memory-only
 * (guest-physical addresses in p_paddr), gdb gcore (process-virtual addresses
 * in p_vaddr, p_paddr 0), kernel vmcores. Little-endian ELF32 and ELF64.
 * Memory is every PT_LOAD's p_filesz bytes at p_offset; file offsets need not
 * be page aligned.
 */
#include <string.h>

#include "memscan/memscan-internal.h"
#include "util/log.h"
#include "util/reader.h"

#define ET_CORE 4
#define PT_LOAD 1
#define PT_NOTE 4
#define PN_XNUM 0xffff

struct elf {
	bool is64;
	uint64_t phoff, shoff;
	uint16_t phentsize, shentsize;
	uint32_t phnum;
};

/* A 32-bit field of ELF32 or a 64-bit one of ELF64. */
static int read_word(struct sk_reader *r, bool is64, uint64_t *v, const char *field)
{
	uint32_t w;
	int rc;

	if (is64)
		return sk_read_u64(r, v, field);
	rc = sk_read_u32(r, &w, field);
	*v = w;
	return rc;
}

static int parse_ehdr(struct sk_reader *r, struct elf *e)
{
	uint8_t ident[16];
	uint16_t type, machine, ehsize, phnum, shnum, shstrndx;
	uint32_t version, flags;
	uint64_t entry;
	int rc;

	if ((rc = sk_read_bytes(r, ident, 16, "e_ident")))
		return rc;
	if (ident[4] != 1 && ident[4] != 2)
		return sk_reader_reject(r, 4, "e_ident[EI_CLASS]", "%u is neither ELF32 nor ELF64",
					ident[4]);
	if (ident[5] != 1)
		return sk_fail(SEV_E_UNSUPPORTED, "ELF core: e_ident[EI_DATA] at offset 0x5: only "
						  "little-endian cores are supported (found %u)",
			       ident[5]);
	e->is64 = ident[4] == 2;
	if ((rc = sk_read_u16(r, &type, "e_type")) || (rc = sk_read_u16(r, &machine, "e_machine")) ||
	    (rc = sk_read_u32(r, &version, "e_version")) ||
	    (rc = read_word(r, e->is64, &entry, "e_entry")) ||
	    (rc = read_word(r, e->is64, &e->phoff, "e_phoff")) ||
	    (rc = read_word(r, e->is64, &e->shoff, "e_shoff")) ||
	    (rc = sk_read_u32(r, &flags, "e_flags")) || (rc = sk_read_u16(r, &ehsize, "e_ehsize")) ||
	    (rc = sk_read_u16(r, &e->phentsize, "e_phentsize")) ||
	    (rc = sk_read_u16(r, &phnum, "e_phnum")) ||
	    (rc = sk_read_u16(r, &e->shentsize, "e_shentsize")) ||
	    (rc = sk_read_u16(r, &shnum, "e_shnum")) ||
	    (rc = sk_read_u16(r, &shstrndx, "e_shstrndx")))
		return rc;
	if (type != ET_CORE)
		return sk_reader_reject(r, 16, "e_type", "%u is not ET_CORE (4): not a core file",
					type);
	if (e->phentsize != (e->is64 ? 56 : 32))
		return sk_reader_reject(r, e->is64 ? 54 : 42, "e_phentsize",
					"%u is not the size of a program header", e->phentsize);
	e->phnum = phnum;
	return 0;
}

/* With more than 65534 segments the count is in sh_info of section header 0. */
static int real_phnum(struct sk_reader *r, struct elf *e)
{
	uint32_t info;
	int rc;

	if (e->phnum != PN_XNUM)
		return 0;
	if (e->shoff == 0 || e->shoff > r->len)
		return sk_reader_reject(r, e->is64 ? 40 : 32, "e_shoff",
					"e_phnum is PN_XNUM but there is no section header 0");
	if ((rc = sk_read_seek(r, (size_t)e->shoff + (e->is64 ? 44 : 28), "sh_info")) ||
	    (rc = sk_read_u32(r, &info, "sh_info")))
		return rc;
	e->phnum = info;
	return 0;
}

struct phdr {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

static int read_phdr(struct sk_reader *r, bool is64, struct phdr *p)
{
	uint64_t align;
	uint32_t flags;
	int rc;

	if ((rc = sk_read_u32(r, &p->type, "p_type")))
		return rc;
	if (is64 && (rc = sk_read_u32(r, &flags, "p_flags")))
		return rc;
	if ((rc = read_word(r, is64, &p->offset, "p_offset")) ||
	    (rc = read_word(r, is64, &p->vaddr, "p_vaddr")) ||
	    (rc = read_word(r, is64, &p->paddr, "p_paddr")) ||
	    (rc = read_word(r, is64, &p->filesz, "p_filesz")) ||
	    (rc = read_word(r, is64, &p->memsz, "p_memsz")))
		return rc;
	if (!is64 && (rc = sk_read_u32(r, &flags, "p_flags")))
		return rc;
	return read_word(r, is64, &align, "p_align");
}

/* Whether a PT_NOTE segment holds a note whose owner is name. */
static bool has_note(const struct sev_memscan *m, const struct phdr *p, const char *name)
{
	struct sk_reader r;
	size_t want = strlen(name) + 1;

	if (p->offset > m->size || p->filesz > m->size - p->offset)
		return false;
	sk_reader_init(&r, m->data + p->offset, (size_t)p->filesz, "ELF note");
	while (sk_reader_left(&r) >= 12) {
		uint32_t namesz, descsz, type;
		const uint8_t *owner;

		if (sk_read_u32(&r, &namesz, "n_namesz") || sk_read_u32(&r, &descsz, "n_descsz") ||
		    sk_read_u32(&r, &type, "n_type") ||
		    sk_read_ref(&r, &owner, ((size_t)namesz + 3) & ~(size_t)3, "name"))
			return false;
		if (namesz == want && memcmp(owner, name, want) == 0)
			return true;
		if (sk_read_skip(&r, ((size_t)descsz + 3) & ~(size_t)3, "desc"))
			return false;
	}
	return false;
}

static int add_load(struct sev_memscan *m, struct sk_reader *r, size_t at, const struct phdr *p,
		    bool phys)
{
	struct ms_segment s = { 0 };

	if (p->filesz == 0)
		return 0; /* not in the file (QEMU writes p_offset -1 for filtered segments) */
	if (p->filesz > p->memsz)
		return sk_reader_reject(r, at, "p_filesz", "0x%llx is larger than p_memsz 0x%llx",
					(unsigned long long)p->filesz,
					(unsigned long long)p->memsz);
	if (p->offset > m->size || p->filesz > m->size - p->offset)
		return sk_reader_reject(r, at, "p_offset",
					"segment 0x%llx+0x%llx ends beyond the file (0x%zx bytes)",
					(unsigned long long)p->offset,
					(unsigned long long)p->filesz, m->size);
	if ((phys ? p->paddr : p->vaddr) > UINT64_MAX - p->filesz)
		return sk_reader_reject(r, at, phys ? "p_paddr" : "p_vaddr",
					"segment wraps around the address space");
	s.addr = phys ? p->paddr : p->vaddr;
	s.phys = phys ? p->paddr : MS_UNKNOWN;
	/* QEMU writes vaddr = paddr without paging: only a different value is news */
	s.vaddr = (!phys || p->vaddr != p->paddr) ? p->vaddr : MS_UNKNOWN;
	s.file_offset = p->offset;
	s.len = p->filesz;
	s.phys_limit = p->filesz;
	return sk_ms_add_segment(m, &s);
}

int sk_ms_open_elf(struct sev_memscan *m)
{
	struct sk_reader r;
	struct elf e;
	struct phdr p;
	bool qemu = false, any_paddr = false, phys;
	int rc;

	sk_reader_init(&r, m->data, m->size, "ELF core");
	if ((rc = parse_ehdr(&r, &e)) || (rc = real_phnum(&r, &e)))
		return rc;
	if (e.phoff > m->size || (uint64_t)e.phnum * e.phentsize > m->size - e.phoff)
		return sk_reader_reject(&r, e.is64 ? 32 : 28, "e_phoff",
					"%u program headers at 0x%llx do not fit in the file",
					e.phnum, (unsigned long long)e.phoff);
	/* first pass: who wrote it, hence which address is meaningful */
	for (uint32_t i = 0; i < e.phnum; i++) {
		size_t at = (size_t)(e.phoff + (uint64_t)i * e.phentsize);

		if ((rc = sk_read_seek(&r, at, "phdr")) || (rc = read_phdr(&r, e.is64, &p)))
			return rc;
		/* the notes of gcore come after the memory: cut there, the file is truncated */
		if (p.type == PT_NOTE && (p.offset > m->size || p.filesz > m->size - p.offset))
			return sk_reader_reject(&r, at, "p_offset",
						"note segment 0x%llx+0x%llx ends beyond the file "
						"(0x%zx bytes)", (unsigned long long)p.offset,
						(unsigned long long)p.filesz, m->size);
		if (p.type == PT_NOTE && has_note(m, &p, "QEMU"))
			qemu = true;
		if (p.type == PT_LOAD && p.paddr != 0)
			any_paddr = true;
	}
	phys = qemu || any_paddr;
	m->space = phys ? SEV_MEMSCAN_PHYS : SEV_MEMSCAN_VIRT;
	m->producer = qemu ? "qemu" : phys ? "kernel" : "process";
	for (uint32_t i = 0; i < e.phnum; i++) {
		size_t at = (size_t)(e.phoff + (uint64_t)i * e.phentsize);

		if ((rc = sk_read_seek(&r, at, "phdr")) || (rc = read_phdr(&r, e.is64, &p)))
			return rc;
		if (p.type == PT_LOAD && (rc = add_load(m, &r, at, &p, phys)))
			return rc;
	}
	if (m->nsegs == 0)
		sk_warn("ELF core: no PT_LOAD segment holds memory in the file");
	sk_ms_finish_segments(m);
	m->ops = &sk_ms_segment_ops;
	return 0;
}
