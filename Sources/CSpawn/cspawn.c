#define _GNU_SOURCE
#include "cspawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

/* Signals 1...64 whose disposition may not be SIG_DFL, bit sig-1: what the first spawn found
   (one query per signal, once per process), and what qctl_disposition_changed reported since.
   The child resets only these instead of all 64: each sigaction(2) is a system call, paid
   while vfork holds the parent. */
static _Atomic uint64_t changed_dispositions;
static pthread_once_t dispositions_found = PTHREAD_ONCE_INIT;

static void find_changed_dispositions(void) {
    uint64_t found = 0;
    for (int sig = 1; sig < NSIG && sig <= 64; sig++) {
        struct sigaction current;
        /* glibc's own signals (32, 33) refuse sigaction: the reset cannot change them either. */
        if (sigaction(sig, NULL, &current) == 0 && current.sa_handler != SIG_DFL) found |= 1ULL << (sig - 1);
    }
    atomic_fetch_or(&changed_dispositions, found);
}

void qctl_disposition_changed(int sig) {
    pthread_once(&dispositions_found, find_changed_dispositions);
    if (sig >= 1 && sig <= 64) atomic_fetch_or(&changed_dispositions, 1ULL << (sig - 1));
}

/* Closes fds lowest...highest (highest < 0: to the end), with close_range(2) when the kernel has it. */
static void close_span(int lowest, int highest) {
    if (highest >= 0 && highest < lowest) return;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)lowest, highest < 0 ? ~0U : (unsigned)highest, 0) == 0) return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536) max = 65536;
    if (highest >= 0 && highest < max) max = highest + 1;
    for (int fd = lowest; fd < max; fd++) close(fd);
}

/* Runs in the vfork child, on the parent's memory: only system calls, no allocation, and it
   never returns (exec or _exit). Signals arrive blocked; handlers and ignored signals (`reset`,
   every one not at SIG_DFL) are reset before unblocking.
   A failure's errno goes to *failure, which the parent reads once vfork returns: vfork shares
   the memory and suspends the parent until the exec or the _exit, so no report pipe is needed
   (glibc's posix_spawn does the same). */
static void child(const qctl_spawn_options *o, pid_t parent, uint64_t reset, volatile int *failure) {
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    for (int sig = 1; reset != 0; sig++, reset >>= 1) {
        if (reset & 1) sigaction(sig, &default_action, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    if (o->new_process_group && setpgid(0, 0) != 0) goto fail;
    if (o->parent_death_signal) {
        if (prctl(PR_SET_PDEATHSIG, o->parent_death_signal) != 0) goto fail;
        if (getppid() != parent) _exit(127);  /* The parent died before prctl took effect. */
    }
    /* When a source is at or below a target, placing one could close another's source (or
       dup2 onto itself would keep its close-on-exec flag): move the sources out of the way
       first. Usually (pipes and /dev/null above 0, 1, 2) they are placed directly. */
    int moved[64];
    int pairs = o->fd_map_pairs > 64 ? 64 : o->fd_map_pairs;
    int highest_target = 2, lowest_source = 1 << 30;
    for (int i = 0; i < pairs; i++) {
        if (o->fd_map[2 * i + 1] > highest_target) highest_target = o->fd_map[2 * i + 1];
        if (o->fd_map[2 * i] < lowest_source) lowest_source = o->fd_map[2 * i];
    }
    for (int i = 0; i < pairs; i++) {
        moved[i] = lowest_source > highest_target ? o->fd_map[2 * i] : fcntl(o->fd_map[2 * i], F_DUPFD, 256);
        if (moved[i] < 0) goto fail;
    }
    for (int i = 0; i < pairs; i++) {
        if (dup2(moved[i], o->fd_map[2 * i + 1]) < 0) goto fail;
    }
    close_span(highest_target + 1, -1);
    if (o->cwd && chdir(o->cwd) != 0) goto fail;
    execvpe(o->argv[0], o->argv, o->envp);
fail:
    *failure = errno ? errno : ECHILD;
    _exit(127);
}

int qctl_spawn(const qctl_spawn_options *options, pid_t *pid) {
    volatile int failure = 0;
    pid_t parent = getpid();
    pthread_once(&dispositions_found, find_changed_dispositions);
    uint64_t reset = atomic_load(&changed_dispositions);
    /* vfork, as glibc's posix_spawn does: no copy of the parent's page tables, so spawning
       costs the same from a large process as from a small one. All signals are blocked around
       it so that no handler of the parent runs in the child. */
    sigset_t all, original;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &original);
    pid_t forked = vfork();
    if (forked == 0) child(options, parent, reset, &failure);
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &original, NULL);
    if (forked < 0) return fork_errno;
    if (failure != 0) {
        while (waitpid(forked, NULL, 0) < 0 && errno == EINTR) {}
        return failure;
    }
    *pid = forked;
    return 0;
}

int qctl_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, signal) == 0 ? 0 : errno;
}

int qctl_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

int qctl_wait_readable(int fd, const sigset_t *mask) {
    struct pollfd entry = { .fd = fd, .events = POLLIN, .revents = 0 };
    return ppoll(&entry, 1, NULL, mask);
}

int qctl_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}

#include <sched.h>

int qctl_set_affinity(const int *cpus, int count) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int i = 0; i < count; i++) CPU_SET(cpus[i], &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
}

unsigned long qctl_fs_magic(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return 0;
    return (unsigned long)(unsigned int)info.f_type;
}

int qctl_affinity_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_COUNT(&set);
}

long qctl_getrandom(void *buffer, unsigned long length) {
#ifdef SYS_getrandom
    return syscall(SYS_getrandom, buffer, length, 0);
#else
    (void)buffer; (void)length;
    errno = ENOSYS;
    return -1;
#endif
}
