import Crypto
import FoundationEssentials
import Glibc

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
        // A copy of the keyed HMAC state skips hashing the key pads for every message
        // (HMAC is a value type; its hash contexts are copied on write).
        var mac = key.keyed
        mac.update(data: body)
        let tag = mac.finalize()
        var signed = body
        signed.reserveCapacity(body.count + Self.signatureLength)
        // Through raw bytes: appending the tag as a Sequence instantiates generic code whose
        // first use costs a one-shot `qctl enqueue` more than the hashing.
        tag.withUnsafeBytes { signed.append(contentsOf: $0) }
        return signed
    }

    /// The body of a signed message, or nil when the signature does not match (fails closed).
    public func verify(_ signed: [UInt8]) -> [UInt8]? {
        guard signed.count >= Self.signatureLength else { return nil }
        let body = Array(signed.dropLast(Self.signatureLength))
        var mac = key.keyed
        mac.update(data: body)
        // Constant time: every byte is compared whatever the first difference.
        var difference: UInt8 = 0
        for (expected, given) in zip(mac.finalize(), signed.suffix(Self.signatureLength)) { difference |= expected ^ given }
        return difference == 0 ? body : nil
    }

    /// The unverified body of a signed message, for reporting a message that failed verification.
    static func unverifiedBody(_ signed: [UInt8]) -> [UInt8] {
        Array(signed.dropLast(min(signed.count, signatureLength)))
    }
}

/// Holds the key, and an HMAC already keyed with it, once per signer rather than rebuilding
/// them for every message. Both are immutable after creation (users copy `keyed` before
/// updating it), which is what makes sharing them across threads safe.
private final class KeyBox: @unchecked Sendable {
    let key: SymmetricKey
    let keyed: HMAC<SHA256>

    init(_ key: SymmetricKey) {
        self.key = key
        keyed = HMAC<SHA256>(key: key)
    }
}
