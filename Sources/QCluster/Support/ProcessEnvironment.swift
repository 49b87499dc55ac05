import Foundation

/// This process's environment as a dictionary, read straight from `environ`: cheaper than
/// `ProcessInfo.processInfo.environment`, which matters to one-shot commands such as enqueue.
public enum ProcessEnvironment {
    public static var current: [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                // Like getenv(3), the first definition of a name wins.
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }
}
