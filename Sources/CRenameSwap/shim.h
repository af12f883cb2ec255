#ifndef POLICYSITE_RENAME_SWAP_H
#define POLICYSITE_RENAME_SWAP_H

// Swapping two paths in one step, and moving a file to a name only when the name is free, which
// Swift's Glibc module does not expose (renameat2 is declared only under _GNU_SOURCE). Each
// returns 0, or -1 with errno set.

#include <errno.h>
#include <fcntl.h>

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>

static inline int policysite_rename_swap(const char *from, const char *to) {
#ifdef SYS_renameat2
    // RENAME_EXCHANGE (1 << 1) from <linux/fs.h>: both paths must exist; they trade places.
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 << 1);
#else
    errno = ENOSYS;
    return -1;
#endif
}

// Moves `from` to `to` only when nothing has the name `to` (not even a link): RENAME_NOREPLACE.
static inline int policysite_rename_noreplace(const char *from, const char *to) {
#ifdef SYS_renameat2
    // RENAME_NOREPLACE (1 << 0) from <linux/fs.h>.
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 << 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}
#elif defined(__APPLE__)
#include <stdio.h>

static inline int policysite_rename_swap(const char *from, const char *to) {
    return renamex_np(from, to, RENAME_SWAP);
}

static inline int policysite_rename_noreplace(const char *from, const char *to) {
    return renamex_np(from, to, RENAME_EXCL);
}
#else
static inline int policysite_rename_swap(const char *from, const char *to) {
    (void)from; (void)to;
    errno = ENOSYS;
    return -1;
}

static inline int policysite_rename_noreplace(const char *from, const char *to) {
    (void)from; (void)to;
    errno = ENOSYS;
    return -1;
}
#endif

#endif
