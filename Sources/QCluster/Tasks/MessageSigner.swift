import Crypto
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
        tag.withUnsafeBytes { writer.write(raw: $0) }
    }

    /// The body of a signed message, or nil when the signature does not match (fails closed).
    public func verify(_ signed: [UInt8]) -> [UInt8]? {
        guard signed.count >= Self.signatureLength else { return nil }
        let body = Array(signed.dropLast(Self.signatureLength))
        let start = body.count
        // Constant time: every byte is compared whatever the first difference.
        var difference: UInt8 = 0
        body.withUnsafeBytes { key.tag($0) }.withUnsafeBytes { expected in
            for index in 0..<Self.signatureLength { difference |= expected[index] ^ signed[start + index] }
        }
        return difference == 0 ? body : nil
    }

    /// The unverified body of a signed message, for reporting a message that failed verification.
    static func unverifiedBody(_ signed: [UInt8]) -> [UInt8] {
        Array(signed.dropLast(min(signed.count, signatureLength)))
    }
}

/// HMAC-SHA256 (RFC 2104) over swift-crypto's SHA256, with the key's inner and outer pad
/// blocks hashed once per signer: each message then costs two SHA-256 passes from copies of
/// those states (SHA256 is a value type whose context is copied on write).
///
/// Not Crypto's `HMAC<SHA256>`: its generic `update(data:)` looks up DataProtocol's associated
/// types and builds SymmetricKey storage at run time, about 20 page faults of a one-shot
/// `qctl enqueue`. A test holds the tags to `HMAC<SHA256>`'s. Both states are immutable after
/// creation (users copy them before updating), which is what makes sharing them safe.
final class KeyedHMAC: @unchecked Sendable {
    private static let blockSize = 64
    private let inner: SHA256
    private let outer: SHA256

    init(secret: [UInt8]) {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        if secret.count > Self.blockSize {
            var hash = SHA256()
            secret.withUnsafeBytes { hash.update(bufferPointer: $0) }
            hash.finalize().withUnsafeBytes { digest in
                for index in 0..<digest.count { block[index] = digest[index] }
            }
        } else {
            for index in 0..<secret.count { block[index] = secret[index] }
        }
        var inner = SHA256(), outer = SHA256()
        var pad = block
        for index in 0..<Self.blockSize { pad[index] = block[index] ^ 0x36 }
        pad.withUnsafeBytes { inner.update(bufferPointer: $0) }
        for index in 0..<Self.blockSize { pad[index] = block[index] ^ 0x5C }
        pad.withUnsafeBytes { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
    }

    /// The 32-byte HMAC-SHA256 of `message`.
    func tag(_ message: UnsafeRawBufferPointer) -> SHA256Digest {
        var inner = self.inner
        inner.update(bufferPointer: message)
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }
}
