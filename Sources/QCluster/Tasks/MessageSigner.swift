import CSHA256
import FoundationEssentials
import Glibc

/// Signs and verifies task messages with HMAC-SHA256, so that only holders of the cluster's
/// secret key can make a cluster run a command.
public struct MessageSigner: Sendable {
    private let key: KeyedHMAC
    /// Bytes the signature adds to every message.
    public static let signatureLength = 32

    public init(secret: [UInt8]) {
        key = KeyedHMAC(secret: secret)
    }

    /// `body` followed by its 32-byte signature.
    public func sign(_ body: [UInt8]) -> [UInt8] {
        var writer = BinaryWriter(capacity: body.count + Self.signatureLength)
        writer.write(raw: body)
        signTail(of: &writer, from: 0)
        return writer.bytes
    }

    /// Appends the signature of the bytes `writer` holds from `start` on, so that they become a
    /// signed message in place (``sign(_:)`` of them, without a copy).
    func signTail(of writer: inout BinaryWriter, from start: Int) {
        let tag = writer.bytes.withUnsafeBytes { key.tag(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        // Through raw bytes: appending the tag as a Sequence instantiates generic code whose
        // first use costs a one-shot `qctl enqueue` more than the hashing.
        withUnsafeBytes(of: tag.bytes) { writer.write(raw: $0) }
    }

    /// The body of a signed message, or nil when the signature does not match (fails closed).
    public func verify(_ signed: [UInt8]) -> [UInt8]? {
        guard signed.count >= Self.signatureLength else { return nil }
        let body = Array(signed.dropLast(Self.signatureLength))
        let start = body.count
        // Constant time: every byte is compared whatever the first difference.
        var difference: UInt8 = 0
        let tag = body.withUnsafeBytes { key.tag($0) }
        withUnsafeBytes(of: tag.bytes) { expected in
            for index in 0..<Self.signatureLength { difference |= expected[index] ^ signed[start + index] }
        }
        return difference == 0 ? body : nil
    }

    /// The unverified body of a signed message, for reporting a message that failed verification.
    static func unverifiedBody(_ signed: [UInt8]) -> [UInt8] {
        Array(signed.dropLast(min(signed.count, signatureLength)))
    }
}

/// HMAC-SHA256 (RFC 2104) with the key's inner and outer pad blocks hashed once per signer:
/// each message then costs two SHA-256 passes from copies of those states (`qctl_sha256` is a
/// plain C value, so a copy is a new computation from the same point).
///
/// SHA-256 is qctl's own (`CSHA256`, with the CPU's SHA instructions where it has them), not
/// swift-crypto's: the first use of that in a process set up BoringSSL's CPU probing and
/// swift-crypto's generic digest contexts, about 60 µs of a one-shot `qctl enqueue`. Tests
/// hold the tags to swift-crypto's `HMAC<SHA256>` and the digests to FIPS 180-4's examples.
struct KeyedHMAC: Sendable {
    private static let blockSize = 64
    private let inner: qctl_sha256
    private let outer: qctl_sha256

    init(secret: [UInt8]) {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        if secret.count > Self.blockSize {
            let digest = SHA256Hash.digest(of: secret)
            for index in 0..<digest.count { block[index] = digest[index] }
        } else {
            for index in 0..<secret.count { block[index] = secret[index] }
        }
        var inner = qctl_sha256(), outer = qctl_sha256()
        qctl_sha256_init(&inner)
        qctl_sha256_init(&outer)
        var pad = block
        for index in 0..<Self.blockSize { pad[index] = block[index] ^ 0x36 }
        pad.withUnsafeBytes { qctl_sha256_update(&inner, $0.baseAddress, $0.count) }
        for index in 0..<Self.blockSize { pad[index] = block[index] ^ 0x5C }
        pad.withUnsafeBytes { qctl_sha256_update(&outer, $0.baseAddress, $0.count) }
        self.inner = inner
        self.outer = outer
    }

    /// The 32-byte HMAC-SHA256 of `message`.
    func tag(_ message: UnsafeRawBufferPointer) -> qctl_sha256_digest {
        var inner = self.inner
        qctl_sha256_update(&inner, message.baseAddress, message.count)
        let innerDigest = qctl_sha256_final(&inner)
        var outer = self.outer
        withUnsafeBytes(of: innerDigest.bytes) { qctl_sha256_update(&outer, $0.baseAddress, $0.count) }
        return qctl_sha256_final(&outer)
    }
}
