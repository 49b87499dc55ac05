/// What `qctl broker init` or `qctl broker upgrade` found and left.
public struct BrokerSetup: Sendable, Equatable {
    /// The broker's file, or its URL without the password.
    public var location: String
    /// "LMDB" or "PostgreSQL".
    public var kind: String
    /// Whether there was no broker and one was made.
    public var created: Bool
    /// The schema version it was upgraded from; nil when it was not.
    public var upgradedFrom: Int?
    /// The schema version now.
    public var version: Int
}
