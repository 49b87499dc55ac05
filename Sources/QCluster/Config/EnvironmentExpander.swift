import FoundationEssentials
import Glibc

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

    /// Where the first `${` starts. By hand: Foundation's range(of:) would link all of Foundation.
    private static func firstReference(in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            let next = text.index(after: dollar)
            if next < text.endIndex, text[next] == "{" { return dollar }
            index = next
        }
        return nil
    }

    /// The expanded text and the first variable it used, if any. An unset variable expands to
    /// its default or to the empty string. Pieces are appended as Strings: appending a Substring
    /// to a String calls the standard library's unspecialized `append(contentsOf:)`, whose
    /// dynamic casts scan every protocol conformance in the binary (touching pages of all of
    /// it, in a command whose cost is mostly its start-up).
    func expand(_ text: String) throws(Malformed) -> (text: String, variable: String?) {
        // Most values have no `$`: looking at bytes is cheaper than walking Characters.
        guard text.utf8.contains(UInt8(ascii: "$")) else { return (text, nil) }
        var out = ""
        var firstVariable: String?
        var rest = Substring(text)
        while let start = Self.firstReference(in: rest) {
            out += String(rest[..<start])
            let nameStart = rest.index(start, offsetBy: 2)
            guard let close = rest[nameStart...].firstIndex(of: "}") else { throw Malformed() }
            let inner = rest[nameStart..<close]
            let name: Substring
            let fallback: Substring?
            if let colon = inner.firstIndex(of: ":"), inner[inner.index(after: colon)...].first == "-" {
                name = inner[..<colon]
                fallback = inner[inner.index(colon, offsetBy: 2)...]
            } else {
                name = inner
                fallback = nil
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { throw Malformed() }
            firstVariable = firstVariable ?? String(name)
            if let value = value(of: String(name)), !value.isEmpty {
                out += value
            } else {
                out += fallback.map(String.init) ?? ""
            }
            rest = rest[rest.index(after: close)...]
        }
        return (out + String(rest), firstVariable)
    }
}
