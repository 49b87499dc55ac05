#ifndef QCTL_CSPAWN_H
#define QCTL_CSPAWN_H

#include <signal.h>
#include <sys/types.h>

/// How to start a child process. fork() and exec() happen in C so that the child runs only
/// async-signal-safe code between them (Swift's runtime may allocate or take locks).
typedef struct {
    /// argv[0] is looked up in PATH (of envp) when it has no slash.
    char *const *argv;
    char *const *envp;
    /// The working directory, or NULL to keep the parent's.
    const char *cwd;
    /// Put the child in a new process group (setpgid(0, 0)).
    int new_process_group;
    /// Signal the child gets when its parent dies (prctl PR_SET_PDEATHSIG); 0 for none.
    int parent_death_signal;
    /// Pairs (source fd, target fd): the child gets source as target. Targets 0, 1, 2 set stdio.
    const int *fd_map;
    int fd_map_pairs;
} qctl_spawn_options;

/// Starts a child. Returns 0 and sets *pid, or returns the errno of the failure, including
/// an exec failure in the child (ENOENT for a command that does not exist, EACCES, ...).
int qctl_spawn(const qctl_spawn_options *options, pid_t *pid);

/// Records that `sig`'s disposition was changed (a handler, or SIG_IGN), so that children reset
/// it to SIG_DFL. The first spawn finds those changed before it; later changes must be reported.
void qctl_disposition_changed(int sig);

/// Sets the calling process's parent-death signal (for processes started by other means).
int qctl_set_parent_death_signal(int signal);



/// pidfd_open(2): an fd that becomes readable when the process exits; -1 when unsupported.
int qctl_pidfd_open(pid_t pid);

/// Waits until `fd` is readable or a signal arrives, with `mask` as the signal mask during the
/// wait only (ppoll(2), which Swift's Glibc module does not export): a signal blocked until
/// the call cannot arrive between a check of its flag and the wait. -1 and EINTR after a signal.
int qctl_wait_readable(int fd, const sigset_t *mask);

/// statfs(2)'s f_type (the file system's magic number) of path; 0 when statfs fails.
unsigned long qctl_fs_magic(const char *path);

/// pipe2(fds, O_CLOEXEC); returns 0 or errno.
int qctl_pipe_cloexec(int fds[2]);

/// getrandom(2) with no flags: up to `length` random bytes, or -1 and errno.
long qctl_getrandom(void *buffer, unsigned long length);

/// How many CPUs the calling process may run on (sched_getaffinity); 0 when unknown.
int qctl_affinity_cpu_count(void);

/// Pins the calling process to the given CPUs (sched_setaffinity); returns 0 or errno.
int qctl_set_affinity(const int *cpus, int count);
#endif
