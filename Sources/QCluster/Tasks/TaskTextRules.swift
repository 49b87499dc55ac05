/// What the text of a task may hold.
///
/// The command, its environment, its working directory and its hook reach the kernel as C
/// strings, which end at the first NUL byte: one would cut the text short where the task runs,
/// without a word. A name is a key of the broker's name index and a group the start of the keys
/// of its group index, and LMDB refuses keys over 511 bytes: the limit leaves room for what a
/// group key holds after the group (25 bytes), and for a name or group to stay readable in a table.
public enum TaskTextRules {
    /// The longest name or group, in bytes of UTF-8.
    public static let maximumLabelBytes = 200

    public static func hasNUL(_ text: String) -> Bool { text.utf8.contains(0) }

    /// Whether `name` can name an environment variable: not empty, and no '=' (the first '=' of
    /// NAME=VALUE ends the name, so the rest would silently become part of the value) or NUL.
    public static func isValidEnvironmentName(_ name: String) -> Bool {
        !name.isEmpty && !name.utf8.contains { $0 == UInt8(ascii: "=") || $0 == 0 }
    }

    /// Refuses text with a NUL byte; `field` names it in the error ("the hook").
    public static func checkNoNUL(_ text: String, field: @autoclosure () -> String) throws(TaskInputError) {
        if hasNUL(text) { throw .nulByte(field: field()) }
    }

    /// Refuses a name or group (`field`: "the name", "the group") with a NUL byte or over
    /// ``maximumLabelBytes``.
    public static func checkLabel(_ text: String, field: String) throws(TaskInputError) {
        try checkNoNUL(text, field: field)
        if text.utf8.count > maximumLabelBytes { throw .labelTooLong(field: field, bytes: text.utf8.count) }
    }

    /// Refuses an environment variable name that ``isValidEnvironmentName(_:)`` refuses.
    public static func checkEnvironmentName(_ name: String) throws(TaskInputError) {
        try checkNoNUL(name, field: "the name of an environment variable")
        if !isValidEnvironmentName(name) { throw .badEnvironmentName(name) }
    }
}
