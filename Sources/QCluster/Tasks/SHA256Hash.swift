import CSHA256

/// SHA-256 digests of whole byte strings, over `CSHA256`.
enum SHA256Hash {
    /// The 32-byte digest of `bytes`; `portable` computes it in portable C even on a CPU with
    /// SHA instructions (tests check both ways).
    static func digest(of bytes: [UInt8], portable: Bool = false) -> [UInt8] {
        var context = qctl_sha256()
        if portable { qctl_sha256_init_portable(&context) } else { qctl_sha256_init(&context) }
        bytes.withUnsafeBytes { qctl_sha256_update(&context, $0.baseAddress, $0.count) }
        let digest = qctl_sha256_final(&context)
        return withUnsafeBytes(of: digest.bytes) { Array($0) }
    }
}
