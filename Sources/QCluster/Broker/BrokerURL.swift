/// A PostgreSQL URL as qctl shows it in messages and output: without its password.
public enum BrokerURL {
    /// `url` with the password of its user part and any `password=` parameter left out.
    public static func redacted(_ url: String) -> String {
        var text = Substring(url)
        var scheme = ""
        for prefix in ["postgresql://", "postgres://"] where text.hasPrefix(prefix) {
            scheme = prefix
            text = text.dropFirst(prefix.count)
        }
        // The user part ends at the last '@' before the path; a password is what follows its ':'.
        let authorityEnd = text.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
        if let at = text[..<authorityEnd].lastIndex(of: "@"), let colon = text[..<at].firstIndex(of: ":") {
            text = text[..<colon] + text[at...]
        }
        guard let question = text.firstIndex(of: "?") else { return scheme + text }
        let parameters = text[text.index(after: question)...].split(separator: "&").filter { !$0.lowercased().hasPrefix("password=") }
        return scheme + text[..<question] + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }
}
