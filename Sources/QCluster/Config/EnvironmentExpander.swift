import Foundation

/// Expands `${NAME}` and `${NAME:-default}` in configuration values.
struct EnvironmentExpander {
    /// The variables; nil reads the process's own.
    let environment: [String: String]?

    /// The value of the variable `name`, if set.
    func value(of name: String) -> String? {
        if let environment { return environment[name] }
        return getenv(name).map { String(cString: $0) }
    }

    struct Malformed: Error {}

    /// The expanded text and the first variable it used, if any. An unset variable expands to
    /// its default or to the empty string.
    func expand(_ text: String) throws(Malformed) -> (text: String, variable: String?) {
        guard text.contains("${") else { return (text, nil) }
        var out = ""
        var firstVariable: String?
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let close = rest[start.upperBound...].firstIndex(of: "}") else { throw Malformed() }
            let inner = rest[start.upperBound..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = inner.range(of: ":-") {
                name = inner[..<separator.lowerBound]
                fallback = inner[separator.upperBound...]
            } else {
                name = inner
                fallback = nil
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { throw Malformed() }
            firstVariable = firstVariable ?? String(name)
            if let value = value(of: String(name)), !value.isEmpty {
                out += value
            } else {
                out += fallback ?? ""
            }
            rest = rest[rest.index(after: close)...]
        }
        return (out + rest, firstVariable)
    }
}
