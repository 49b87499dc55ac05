/// A task taken from the queue for one delivery.
public struct LeasedTask: Sendable, Equatable {
    public var message: TaskMessage { didSet { messageEncoding = MessageEncoding() } }
    /// Which delivery this is, counting from 1.
    public var attempt: Int
    /// When the lease runs out (milliseconds since 1970) and the task becomes deliverable again.
    public var deadlineMilliseconds: Int64
    /// The verified bytes `message` was decoded from, when known.
    var messageEncoding: MessageEncoding

    init(message: TaskMessage, attempt: Int, deadlineMilliseconds: Int64, messageEncoding: MessageEncoding = MessageEncoding()) {
        self.message = message
        self.attempt = attempt
        self.deadlineMilliseconds = deadlineMilliseconds
        self.messageEncoding = messageEncoding
    }
}
