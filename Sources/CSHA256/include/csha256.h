#ifndef QCTL_CSHA256_H
#define QCTL_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// A SHA-256 computation (FIPS 180-4). A plain value: copying it copies the computation, so a
/// state hashed up to some point can be finished many times (HMAC's keyed pads).
typedef struct {
    uint32_t state[8];
    uint64_t length;        /* bytes hashed so far */
    uint8_t block[64];      /* a partial block */
    uint32_t used;          /* bytes of it in use */
    uint32_t accelerated;   /* 1: the CPU's SHA instructions, 0: portable C */
} qctl_sha256;

/// The 32 bytes of a digest.
typedef struct {
    uint8_t bytes[32];
} qctl_sha256_digest;

/// Starts a computation, with the CPU's SHA extensions when it has them (x86-64 SHA-NI, as
/// glibc found them at start-up; no cpuid of its own).
void qctl_sha256_init(qctl_sha256 *context);

/// Starts a computation in portable C whatever the CPU has (for tests of both paths).
void qctl_sha256_init_portable(qctl_sha256 *context);

/// Hashes `length` more bytes.
void qctl_sha256_update(qctl_sha256 *context, const void *data, size_t length);

/// The digest of everything hashed; the context is spent (start again to reuse it).
qctl_sha256_digest qctl_sha256_final(qctl_sha256 *context);

/// Whether qctl_sha256_init uses the CPU's SHA instructions on this machine.
int qctl_sha256_is_accelerated(void);

#endif
