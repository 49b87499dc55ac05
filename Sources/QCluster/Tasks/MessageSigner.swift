import Crypto

/// Signs and verifies task messages with HMAC-SHA256, so that only holders of the cluster's
/// secret key can make a cluster run a command.
public struct MessageSigner: Sendable {
    /// The key's inner and outer pad blocks, hashed once per signer (RFC 2104); each message
    /// continues from a copy of this state.
    private let keyed: HMAC<SHA256>
    /// Bytes the signature adds to every message.
    public static let signatureLength = 32

    public init(secret: [UInt8]) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
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
        let code = writer.bytes.withUnsafeBytes { tag(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        code.withUnsafeBytes { writer.write(raw: $0) }
    }

    /// The body of a signed message, or nil when the signature does not match (fails closed).
    public func verify(_ signed: [UInt8]) -> [UInt8]? {
        guard signed.count >= Self.signatureLength else { return nil }
        let body = Array(signed.dropLast(Self.signatureLength))
        // Crypto's comparison of a code with bytes takes the same time whatever the first difference.
        let matches = body.withUnsafeBytes { tag($0) } == signed[body.count...]
        return matches ? body : nil
    }

    /// The unverified body of a signed message, for reporting a message that failed verification.
    static func unverifiedBody(_ signed: [UInt8]) -> [UInt8] {
        Array(signed.dropLast(min(signed.count, signatureLength)))
    }

    private func tag(_ message: UnsafeRawBufferPointer) -> HMAC<SHA256>.MAC {
        var authenticator = keyed
        authenticator.update(data: message)
        return authenticator.finalize()
    }
}
