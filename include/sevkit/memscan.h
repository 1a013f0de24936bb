/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Memory confidentiality audit: read what the host can see of a guest's memory
 * (QEMU dump-guest-memory ELF and kdump files, libvirt memory-only dumps, gdb
 * gcore cores, raw memory files, a live QEMU process), scan it for secrets
 * with Hyperscan, and map the entropy of every 4 KiB page.
 */
#ifndef SEVKIT_MEMSCAN_H
#define SEVKIT_MEMSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Unit of the entropy map. */
#define SEV_MEMSCAN_PAGE 4096u

/*
 * A page looks encrypted when its Shannon entropy is at least this many bits
 * per byte. The plug-in estimate over 4096 uniformly random bytes averages
 * 7.955 with a standard deviation of about 0.004 (3000 samples: minimum
 * 7.938), so 7.9 is 13 deviations below it: ciphertext essentially never falls
 * under it, while text (4-5), machine code (5-6.5) and page tables stay far
 * below. Compressed data also exceeds it: a plain guest's compressed pages
 * count as "looks encrypted". Zero pages are counted apart, as neither.
 */
#define SEV_MEMSCAN_ENCRYPTED_BITS 7.9

enum sev_memscan_format {
	SEV_MEMSCAN_AUTO = 0,
	SEV_MEMSCAN_RAW,        /* raw memory image (pmemsave, RAM file) */
	SEV_MEMSCAN_ELF,        /* ELF core: QEMU dump-guest-memory, virsh dump, gdb gcore */
	SEV_MEMSCAN_KDUMP,      /* kdump-compressed, seekable */
	SEV_MEMSCAN_KDUMP_FLAT, /* kdump-compressed in makedumpfile flattened form */
	SEV_MEMSCAN_PROCESS,    /* a live process through /proc/PID/mem */
};

/* What the addresses of a source are. */
enum sev_memscan_space {
	SEV_MEMSCAN_PHYS, /* guest-physical */
	SEV_MEMSCAN_VIRT, /* process-virtual */
};

/* How a hit's bytes are stored in the file. */
enum sev_memscan_storage {
	SEV_MEMSCAN_STORED_RAW,  /* file_offset is the offset of the first byte */
	SEV_MEMSCAN_STORED_ZLIB, /* file_offset is that of the compressed page */
	SEV_MEMSCAN_STORED_NONE, /* live memory: no file */
};

struct sev_memscan; /* an opened memory source */

struct sev_memscan_info {
	size_t size; /* SEV_INIT */
	enum sev_memscan_format format;
	enum sev_memscan_space space;
	const char *format_name; /* "elf", "kdump", "kdump-flattened", "raw", "process" */
	const char *producer;    /* "qemu", "gcore", "core", "makedumpfile", ... */
	uint64_t bytes;          /* memory bytes the source holds */
	uint64_t pages;          /* 4 KiB pages (the last one of a region may be partial) */
	size_t regions;
};

/* A contiguous range of memory as the source stores it. */
struct sev_memscan_region {
	size_t size; /* SEV_INIT */
	uint64_t addr;        /* in the source's address space */
	uint64_t len;
	uint64_t phys;        /* guest-physical address, when has_phys */
	uint64_t vaddr;       /* virtual address, when has_vaddr */
	uint64_t file_offset; /* when the region is stored raw in a file */
	bool has_phys;
	bool has_vaddr;
	bool has_file_offset;
	uint8_t reserved[5];  /* zero */
	const char *name;     /* process mappings: the path or "[anon]"; else NULL */
};

/*
 * Open a dump file. With SEV_MEMSCAN_AUTO the format is detected by its magic;
 * QEMU migration streams, libvirt save images, Windows and diskdump files are
 * recognised and refused with SEV_E_UNSUPPORTED. The file is mapped, not read:
 * memory use does not grow with the dump. Every message about the file, here
 * and from sev_memscan_run, starts with its path.
 */
SEV_API int sev_memscan_open(const char *path, enum sev_memscan_format format,
			     struct sev_memscan **out);
/* Same over a buffer that must outlive the handle (for tests and fuzzing). */
SEV_API int sev_memscan_open_mem(const void *data, size_t len, enum sev_memscan_format format,
				 struct sev_memscan **out);

#define SEV_MEMSCAN_PID_ALL 1u /* every readable mapping, not only guest RAM */
/*
 * Open a live process's memory (needs ptrace rights, e.g. root). Without
 * SEV_MEMSCAN_PID_ALL only the mappings that look like guest RAM are read:
 * readable, writable, not executable mappings of at least 16 MiB that are
 * anonymous, memfd, /dev/shm or hugetlbfs backed, or a QEMU memory-backend-file
 * (shared file mapping). The largest of them is taken as the guest's main RAM
 * block: its offsets below 2 GiB are the guest-physical addresses (QEMU's pc
 * and q35 machines both map the first 2 GiB of RAM at 0), so hits there carry
 * a guest-physical address too.
 */
SEV_API int sev_memscan_open_pid(int pid, unsigned flags, struct sev_memscan **out);
SEV_API void sev_memscan_close(struct sev_memscan *m);

/* 0, or SEV_E_INVALID when info's size is not set (SEV_INIT). */
SEV_API int sev_memscan_get_info(const struct sev_memscan *m, struct sev_memscan_info *info);
SEV_API int sev_memscan_get_region(const struct sev_memscan *m, size_t i,
				   struct sev_memscan_region *r);
/* Detect a format from the first bytes of a file; SEV_E_UNSUPPORTED names what it is. */
SEV_API int sev_memscan_detect(const uint8_t *head, size_t len, enum sev_memscan_format *fmt);

/* ---- patterns ---- */

struct sev_memscan_patterns;

enum sev_memscan_kind {
	SEV_MEMSCAN_SECRET,   /* a literal secret: never printed in full unless asked */
	SEV_MEMSCAN_REGEX,    /* a user regular expression */
	SEV_MEMSCAN_DETECTOR, /* a built-in detector */
};

struct sev_memscan_detector {
	const char *name;
	const char *description;
};

/* The built-in detectors, for --help and documentation. */
SEV_API const struct sev_memscan_detector *sev_memscan_detectors(size_t *n);

SEV_API int sev_memscan_patterns_new(struct sev_memscan_patterns **out);
SEV_API void sev_memscan_patterns_free(struct sev_memscan_patterns *p);
/* A literal secret (any bytes), searched as given and, if utf16, as UTF-16LE of its UTF-8. */
SEV_API int sev_memscan_add_secret(struct sev_memscan_patterns *p, const uint8_t *s, size_t len,
				   bool utf16);
/*
 * A regular expression (Hyperscan/PCRE syntax, no back-references). With utf16
 * a UTF-16LE form is derived too (every character followed by a NUL byte);
 * SEV_E_UNSUPPORTED when the expression uses a construct that has no such form.
 */
SEV_API int sev_memscan_add_regex(struct sev_memscan_patterns *p, const char *regex, bool utf16);
/* Built-in detectors by comma-separated name, or all of them with NULL. */
SEV_API int sev_memscan_add_detectors(struct sev_memscan_patterns *p, const char *names);
/* Compile everything added; SEV_E_INVALID names an expression Hyperscan rejects. */
SEV_API int sev_memscan_patterns_compile(struct sev_memscan_patterns *p);
SEV_API size_t sev_memscan_patterns_count(const struct sev_memscan_patterns *p);

/* ---- scanning ---- */

/* done of total bytes, from one thread at a time. */
typedef void (*sev_memscan_progress_fn)(uint64_t done, uint64_t total, void *ctx);

struct sev_memscan_options {
	size_t size; /* SEV_INIT */
	unsigned threads;     /* 0: one per CPU, at most 2 */
	bool entropy;         /* compute the per-page entropy map */
	uint8_t reserved[3];  /* zero */
	size_t context;       /* bytes kept either side of a hit (at most 4096) */
	size_t max_hits;      /* hits kept (all are counted); 0: 100000 */
	sev_memscan_progress_fn progress; /* after each piece scanned (NULL: none) */
	void *progress_ctx;
};

struct sev_memscan_hit {
	enum sev_memscan_kind kind;
	unsigned index;        /* position among patterns of that kind (0-based) */
	const char *name;      /* detector name, or "secret" / "pattern" */
	bool utf16;            /* matched the UTF-16LE form */
	uint64_t addr;         /* address of the first byte, in the source's space */
	uint64_t phys;
	uint64_t vaddr;
	uint64_t file_offset;
	bool has_phys;
	bool has_vaddr;
	enum sev_memscan_storage storage;
	uint64_t len;          /* match length */
	uint64_t page;         /* dump-order index of the page of the first byte (map cell) */
	uint8_t *context;      /* bytes around the match (context_len) */
	size_t context_len;
	size_t match_offset;   /* where the match starts within context */
	size_t match_in_context; /* match bytes present in context (long matches are cut) */
};

struct sev_memscan_result {
	enum sev_memscan_space space;
	struct sev_memscan_hit *hits; /* sorted by address */
	size_t n_hits;
	uint64_t total_hits;          /* >= n_hits when max_hits cut the list */
	uint64_t bytes;               /* bytes scanned */
	uint64_t unreadable;          /* live processes: bytes that could not be read (as zero) */
	/* entropy, when asked */
	bool has_entropy;
	uint64_t pages;
	uint64_t zero_pages;
	uint64_t encrypted_pages;     /* entropy >= SEV_MEMSCAN_ENCRYPTED_BITS */
	double mean_entropy;          /* over the non-zero pages */
	/* per page in dump order: entropy * 30 (0-240), or SEV_MEMSCAN_ZERO */
	uint8_t *page_entropy;
	double seconds;
	/* pages of zeros the scan left out: a secret holds a byte other than zero */
	uint64_t skipped_zero_pages;
};

#define SEV_MEMSCAN_ZERO 255

/* Fraction of the non-zero pages that look encrypted (0 when all are zero). */
SEV_API double sev_memscan_encrypted_fraction(const struct sev_memscan_result *r);

SEV_API int sev_memscan_run(struct sev_memscan *m, const struct sev_memscan_patterns *p,
			    const struct sev_memscan_options *opt, struct sev_memscan_result **out);
SEV_API void sev_memscan_result_free(struct sev_memscan_result *r);

/* Shannon entropy of n bytes, in bits per byte. */
SEV_API double sev_memscan_entropy(const uint8_t *p, size_t n);

/*
 * Write a PNG picture of the pages in dump order: a grid, one cell per page,
 * zero pages black, other pages from dark blue (low entropy) through green and
 * yellow to red (looks encrypted), pages with a hit white with a white
 * frame around them. A plain guest is mostly black, blue and
 * green; an encrypted guest is red noise.
 */
SEV_API int sev_memscan_write_map(const struct sev_memscan_result *r, const char *path,
				  unsigned flags);

/* Flags of the functions that write a file. */
#define SEV_MEMSCAN_REPLACE 1u /* replace an existing file; else that is SEV_E_INVALID */

/* ---- getting the memory ---- */

struct sev_libvirt; /* <sevkit/libvirt.h> */

struct sev_memscan_dump_options {
	size_t size; /* SEV_INIT */
	const char *format;               /* "elf" (NULL) or "kdump-zlib" (or another QEMU knows) */
	int timeout_ms;                   /* each wait for QEMU (connect, each reply); 0: 30 s */
	unsigned flags;                   /* SEV_MEMSCAN_REPLACE */
	sev_memscan_progress_fn progress; /* query-dump's figures, polled */
	void *ctx;
};

/*
 * Dump a running QEMU guest through its QMP socket with dump-guest-memory
 * (detached; query-dump is polled and reported through progress). The file,
 * mode 0600, is handed to QEMU as a descriptor while it has no name (O_TMPFILE
 * in out's directory, or a temporary name where the filesystem has none) and
 * gets the name out only when QEMU reports the dump completed. QEMU 7.2 cannot
 * cancel a dump: if the caller dies meanwhile QEMU finishes writing into the
 * nameless file, which vanishes when QEMU closes it.
 */
SEV_API int sev_memscan_qmp_dump(const char *socket_path, const char *out,
				 const struct sev_memscan_dump_options *opt);
/* The same into a file the caller opened for writing (flags unused). */
SEV_API int sev_memscan_qmp_dump_fd(const char *socket_path, int fd,
				    const struct sev_memscan_dump_options *opt);
/*
 * Dump a libvirt domain (memory only, format as above): libvirt writes the
 * file by name, so it is made in a new private (0700) directory beside out,
 * made 0600, and renamed to out once complete; the directory is removed,
 * also when a signal (SIGINT, SIGTERM, SIGHUP) ends the process meanwhile.
 */
SEV_API int sev_memscan_libvirt_dump(struct sev_libvirt *v, const char *out,
				     const struct sev_memscan_dump_options *opt);
/* The same in directory dir, returning the complete dump open, without a name (flags unused). */
SEV_API int sev_memscan_libvirt_dump_fd(struct sev_libvirt *v, const char *dir,
					const struct sev_memscan_dump_options *opt, int *fd);

#ifdef __cplusplus
}
#endif
#endif
