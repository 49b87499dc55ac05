import Glibc

/// Arguments that are not UTF-8. Swift reads every argument as a String and repairs bytes that
/// are not UTF-8 into U+FFFD: a task would get other bytes than those typed, and a path would
/// name another file. qctl refuses them instead.
enum ArgumentEncoding {
    /// The position (from 1, after the program's name) of the first argument that is not valid
    /// UTF-8, or nil. A repair always changes the bytes, so an argument was valid exactly when
    /// its String's UTF-8 equals the bytes the process was given.
    static func firstInvalid() -> Int? {
        for (index, argument) in CommandLine.arguments.enumerated() where index > 0 {
            guard let raw = CommandLine.unsafeArgv[index] else { continue }
            let length = strlen(raw)
            var text = argument
            let same = text.withUTF8 { $0.count == length && (length == 0 || memcmp($0.baseAddress!, raw, length) == 0) }
            if !same { return index }
        }
        return nil
    }
}
