import Glibc
import Crypto
import QCluster

/// The secret every request to `qctl web` must show: `web.token`, else one generated once into
/// a file beside the broker (0600) and kept, so that a login survives a restart.
public struct WebToken: Sendable {
    public let value: String
    /// True when it came from the generated file, false when from `web.token`.
    public let isGenerated: Bool

    public init(value: String, isGenerated: Bool) {
        self.value = value
        self.isGenerated = isGenerated
    }

    /// The configured token, else the generated one.
    public static func resolve(_ configuration: Configuration) throws(BrokerError) -> WebToken {
        if let configured = configuration.webToken { return WebToken(value: configured, isGenerated: false) }
        let path = configuration.webTokenPath
        let bytes = try SecretKeyStore.generated(at: path)
        // Whoever reads it can run commands through the dashboard's schedules.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
            throw .secretKey(path: path, reason: "other users can read it; chmod 600 it, or delete it to generate a new one")
        }
        return WebToken(value: String(decoding: bytes, as: UTF8.self), isGenerated: true)
    }

    /// Whether `candidate` is the token, in time that does not depend on where they differ.
    public func matches(_ candidate: String) -> Bool { Self.constantTimeEqual(candidate, value) }

    /// What each form carries in its `csrf` field: derived from the token, so another site,
    /// which cannot read the dashboard's pages, cannot write it into a form of its own.
    public var formKey: String { derived("qctl web form") }

    /// What the login cookie holds: derived from the token, so the cookie never carries the
    /// token itself, and holds only hex digits whatever `web.token` is written with.
    public var sessionKey: String { derived("qctl web session") }

    /// Whether a login cookie is right.
    public func acceptsSession(_ key: String?) -> Bool { key.map { Self.constantTimeEqual($0, sessionKey) } ?? false }

    private func derived(_ purpose: String) -> String {
        TaskID.hex(Array(HMAC<SHA256>.authenticationCode(for: Array(purpose.utf8), using: SymmetricKey(data: Array(value.utf8)))))
    }

    /// Whether a form's `csrf` field is right.
    public func acceptsForm(key: String?) -> Bool { key.map { Self.constantTimeEqual($0, formKey) } ?? false }

    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
