/* SHA-256 (FIPS 180-4) for signing task messages: a portable compression function and, on
   x86-64 CPUs with the SHA extensions, one with their instructions (the usual SHA-NI
   sequence: two rounds per sha256rnds2, the message schedule by sha256msg1/msg2).
   Replaces swift-crypto for this one hash: its first use in a process set up BoringSSL's CPU
   probing and generic contexts, about 60 µs of a one-shot `qctl enqueue` (docs/decisions.md). */
#include "csha256.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include <sys/platform/x86.h>
#endif

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t initial_state[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t rotate_right(uint32_t value, int count) { return (value >> count) | (value << (32 - count)); }

static void compress_portable(uint32_t state[8], const uint8_t *data, size_t blocks) {
    for (; blocks > 0; blocks--, data += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; i++) {
            w[i] = (uint32_t)data[4 * i] << 24 | (uint32_t)data[4 * i + 1] << 16 | (uint32_t)data[4 * i + 2] << 8 | data[4 * i + 3];
        }
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = rotate_right(w[i - 15], 7) ^ rotate_right(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = rotate_right(w[i - 2], 17) ^ rotate_right(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = h + (rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25)) + ((e & f) ^ (~e & g))
                + round_constants[i] + w[i];
            uint32_t t2 = (rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g; g = f; f = e; e = d + t1;
            d = c; c = b; b = a; a = t1 + t2;
        }
        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
    }
}

#if defined(__x86_64__)
/* The state lives in two registers as ABEF and CDGH, the order sha256rnds2 wants. Message
   words are taken four at a time: group g (g >= 4) is
   msg2(msg1(W[g-4], W[g-3]) + alignr(W[g-1], W[g-2]), W[g-1]). */
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_sha_ni(uint32_t state[8], const uint8_t *data, size_t blocks) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i cdab = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
    __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef_before = abef, cdgh_before = cdgh;
        __m128i w[4];  /* the last four groups: w[g & 3] is group g - 4 until replaced by group g */
        for (int g = 0; g < 16; g++) {
            __m128i words;
            if (g < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * g)), byte_swap);
            } else {
                __m128i sum = _mm_add_epi32(_mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]),
                                            _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
                words = _mm_sha256msg2_epu32(sum, w[(g + 3) & 3]);
            }
            w[g & 3] = words;
            __m128i message = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&round_constants[4 * g]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));  /* DCBA */
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));     /* HGFE */
}
#endif

int qctl_sha256_is_accelerated(void) {
#if defined(__x86_64__)
    return CPU_FEATURE_ACTIVE(SHA) && CPU_FEATURE_ACTIVE(SSSE3) && CPU_FEATURE_ACTIVE(SSE4_1);
#else
    return 0;
#endif
}

static void compress(qctl_sha256 *context, const uint8_t *data, size_t blocks) {
#if defined(__x86_64__)
    if (context->accelerated) {
        compress_sha_ni(context->state, data, blocks);
        return;
    }
#endif
    compress_portable(context->state, data, blocks);
}

void qctl_sha256_init_portable(qctl_sha256 *context) {
    memcpy(context->state, initial_state, sizeof initial_state);
    context->length = 0;
    context->used = 0;
    context->accelerated = 0;
}

void qctl_sha256_init(qctl_sha256 *context) {
    qctl_sha256_init_portable(context);
    context->accelerated = (uint32_t)qctl_sha256_is_accelerated();
}

void qctl_sha256_update(qctl_sha256 *context, const void *data, size_t length) {
    if (length == 0) return;  /* data may be NULL then */
    const uint8_t *bytes = data;
    context->length += length;
    if (context->used > 0) {
        size_t take = 64 - context->used < length ? 64 - context->used : length;
        memcpy(context->block + context->used, bytes, take);
        context->used += (uint32_t)take;
        bytes += take;
        length -= take;
        if (context->used < 64) return;
        compress(context, context->block, 1);
        context->used = 0;
    }
    if (length >= 64) {
        compress(context, bytes, length / 64);
        bytes += length / 64 * 64;
        length %= 64;
    }
    memcpy(context->block, bytes, length);
    context->used = (uint32_t)length;
}

qctl_sha256_digest qctl_sha256_final(qctl_sha256 *context) {
    uint64_t bits = context->length * 8;
    uint8_t padding[72] = {0x80};
    /* 0x80, zeros up to 56 mod 64, then the length in bits, big-endian. */
    size_t count = (context->used < 56 ? 56 - context->used : 120 - context->used);
    for (int i = 0; i < 8; i++) padding[count + i] = (uint8_t)(bits >> (56 - 8 * i));
    uint64_t length = context->length;
    qctl_sha256_update(context, padding, count + 8);
    context->length = length;
    qctl_sha256_digest digest;
    for (int i = 0; i < 8; i++) {
        digest.bytes[4 * i] = (uint8_t)(context->state[i] >> 24);
        digest.bytes[4 * i + 1] = (uint8_t)(context->state[i] >> 16);
        digest.bytes[4 * i + 2] = (uint8_t)(context->state[i] >> 8);
        digest.bytes[4 * i + 3] = (uint8_t)context->state[i];
    }
    return digest;
}
