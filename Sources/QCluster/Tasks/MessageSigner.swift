import Crypto
import Foundation

/// Signs and verifies task messages with HMAC-SHA256, so that only holders of the cluster's
/// secret key can make a cluster run a command.
public struct MessageSigner: Sendable {
    private let key: KeyBox
    /// Bytes the signature adds to every message.
    public static let signatureLength = 32

    public init(secret: [UInt8]) {
        key = KeyBox(SymmetricKey(data: secret))
    }

    /// `body` followed by its 32-byte signature.
    public func sign(_ body: [UInt8]) -> [UInt8] {
        let tag = HMAC<SHA256>.authenticationCode(for: body, using: key.key)
        var signed = body
        signed.reserveCapacity(body.count + Self.signatureLength)
        signed.append(contentsOf: tag)
        return signed
    }

    /// The body of a signed message, or nil when the signature does not match (fails closed).
    public func verify(_ signed: [UInt8]) -> [UInt8]? {
        guard signed.count >= Self.signatureLength else { return nil }
        let body = Array(signed.dropLast(Self.signatureLength))
        let tag = signed.suffix(Self.signatureLength)
        // Constant-time comparison inside swift-crypto.
        guard HMAC<SHA256>.isValidAuthenticationCode(Array(tag), authenticating: body, using: key.key) else { return nil }
        return body
    }

    /// The unverified body of a signed message, for reporting a message that failed verification.
    static func unverifiedBody(_ signed: [UInt8]) -> [UInt8] {
        Array(signed.dropLast(min(signed.count, signatureLength)))
    }
}

/// Holds the key once per signer rather than rebuilding it for every message. SymmetricKey is
/// immutable after creation, which is what makes sharing it across threads safe.
private final class KeyBox: @unchecked Sendable {
    let key: SymmetricKey

    init(_ key: SymmetricKey) {
        self.key = key
    }
}
