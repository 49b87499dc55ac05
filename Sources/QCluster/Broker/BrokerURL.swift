/// A PostgreSQL URL as qctl checks it and shows it in messages and output: without its password.
public enum BrokerURL {
    /// `url` with the password of its user part and any `password=` or `sslpassword=`
    /// parameter left out.
    public static func redacted(_ url: String) -> String {
        let parts = Parts(url)
        var text = parts.rest
        if let password = parts.userPassword {
            // Drop ':' and the password, keep '@' and what follows.
            text = text[..<text.index(before: password.lowerBound)] + text[password.upperBound...]
        }
        guard let question = text.firstIndex(of: "?") else { return parts.scheme + text }
        let parameters = text[text.index(after: question)...].split(separator: "&").filter { secretValue(of: $0) == nil }
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
        guard var message = PGConnection.syntaxError(in: url) else { return nil }
        // libpq quotes the URL, or the token it could not decode, which may be a password.
        message = withURLRedacted(message, url)
        for password in passwords(in: url) where !password.isEmpty {
            message = message.replacing("\"\(password)\"", with: "\"…\"")
        }
        return "is not a valid PostgreSQL URL: " + message
    }

    /// `message` with every copy of `url` in it redacted.
    static func withURLRedacted(_ message: String, _ url: String) -> String {
        message.replacing(url, with: redacted(url))
    }

    /// The passwords `url` carries as written (percent-encoded): its user part's and those of
    /// `password=` and `sslpassword=` parameters.
    static func passwords(in url: String) -> [Substring] {
        let parts = Parts(url)
        var found = parts.userPassword.map { [parts.rest[$0]] } ?? []
        // The query starts after the user part's password, which may hold a '?'.
        if let question = parts.rest[(parts.userPassword?.upperBound ?? parts.rest.startIndex)...].firstIndex(of: "?") {
            found += parts.rest[parts.rest.index(after: question)...].split(separator: "&").compactMap(secretValue)
        }
        return found
    }

    /// The value of a `password=` or `sslpassword=` parameter (in any case), or nil for another
    /// parameter. A percent-encoded name (which libpq decodes) counts as one too: better hidden
    /// once too often than shown.
    private static func secretValue(of parameter: Substring) -> Substring? {
        guard let equals = parameter.firstIndex(of: "=") else { return nil }
        let name = parameter[..<equals].lowercased()
        return name.hasSuffix("password") || name.contains("%") ? parameter[parameter.index(after: equals)...] : nil
    }

    /// A URL split where its password can be: the scheme, and the rest with the range of the user
    /// part's password. As libpq reads it, the user part is what comes before an '@' that comes
    /// before the first '/', and the password follows its first ':'. libpq ends it at the first
    /// '@'; taking the last hides more, never less.
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
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                userPassword = rest.index(after: colon)..<at
            }
        }
    }
}
