/// The bytes a ``TaskMessage`` was decoded from, kept beside it so that passing the message on
/// (pusher or monitor to worker, worker to monitor, monitor to the broker) copies those bytes
/// instead of encoding the message again: each hop otherwise re-encoded every task.
///
/// A cache, not part of the value: any two are equal, so the types holding one compare as
/// before. Holders drop it when their message changes (a `didSet`), so it never goes stale.
struct MessageEncoding: Sendable, Equatable {
    private(set) var bytes: [UInt8]?

    init(_ bytes: [UInt8]? = nil) {
        self.bytes = bytes
    }

    /// `bytes` when known, else `message` encoded now.
    func bytes(of message: TaskMessage) -> [UInt8] {
        bytes ?? message.encoded()
    }

    static func == (lhs: MessageEncoding, rhs: MessageEncoding) -> Bool { true }
}
