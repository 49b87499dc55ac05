/// A PostgreSQL URL as qctl checks it and shows it in messages and output: without its password.
public enum BrokerURL {
    /// `url` with the password of its user part and any `password=` parameter left out.
    public static func redacted(_ url: String) -> String {
        let parts = Parts(url)
        var text = parts.rest
        if let password = parts.userPassword {
            // Drop ':' and the password, keep '@' and what follows.
            text = text[..<text.index(before: password.lowerBound)] + text[password.upperBound...]
        }
        guard let question = text.firstIndex(of: "?") else { return parts.scheme + text }
        let parameters = text[text.index(after: question)...].split(separator: "&").filter { !isPasswordParameter($0) }
        return parts.scheme + text[..<question] + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }

    /// Why `url` cannot name a broker, or nil: it must be a PostgreSQL URL that libpq can parse
    /// (no unknown parameter, no broken IPv6 address or percent-encoding). A mistyped URL is a
    /// configuration error, found before any connection; the values of known parameters
    /// (`sslmode=…`) are libpq's to check when it connects.
    public static func problem(_ url: String) -> String? {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
            return "must be a PostgreSQL URL (postgresql://user@host:5432/database?sslmode=require)"
        }
        return PGConnection.syntaxError(in: url).map { "is not a valid PostgreSQL URL: " + scrubbed($0, of: url) }
    }

    /// A libpq message about `url` that may quote it, or a token of it, made safe to print: the
    /// URL becomes its redacted form, and a quoted password becomes `"…"`.
    static func scrubbed(_ message: String, of url: String) -> String {
        var text = message.replacing(url, with: redacted(url))
        for password in passwords(in: url) where !password.isEmpty {
            text = text.replacing("\"\(password)\"", with: "\"…\"")
        }
        return text
    }

    /// The passwords `url` carries as written (percent-encoded): its user part's and any
    /// `password=` parameter's.
    static func passwords(in url: String) -> [Substring] {
        let parts = Parts(url)
        var found = parts.userPassword.map { [parts.rest[$0]] } ?? []
        if let question = parts.rest.firstIndex(of: "?") {
            for parameter in parts.rest[parts.rest.index(after: question)...].split(separator: "&") where isPasswordParameter(parameter) {
                found.append(parameter.dropFirst("password=".count))
            }
        }
        return found
    }

    private static func isPasswordParameter(_ parameter: Substring) -> Bool { parameter.lowercased().hasPrefix("password=") }

    /// A URL split where its password can be: the scheme, and the rest with the range of the user
    /// part's password (after the ':' of the user part, which ends at the last '@' before the path).
    private struct Parts {
        var scheme = ""
        var rest: Substring
        var userPassword: Range<Substring.Index>?

        init(_ url: String) {
            rest = Substring(url)
            for prefix in ["postgresql://", "postgres://"] where rest.hasPrefix(prefix) {
                scheme = prefix
                rest = rest.dropFirst(prefix.count)
            }
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                userPassword = rest.index(after: colon)..<at
            }
        }
    }
}
