import Glibc

/// Where `qctl web` listens: a numeric address and a port, as `--listen` gives them. Host
/// names other than localhost are refused: a static binary resolves no names, and an address
/// that resolves elsewhere tomorrow should not change who can reach the dashboard.
public struct ListenAddress: Sendable, Equatable {
    /// The numeric address, without brackets.
    public let host: String
    public let port: Int
    public let isIPv6: Bool

    /// 127.0.0.0/8 and ::1: reachable from this machine only.
    public var isLoopback: Bool { isIPv6 ? host == "::1" : host.hasPrefix("127.") }

    /// `host:port` as a URL writes it (IPv6 in brackets).
    public func urlAuthority(port actual: Int? = nil) -> String {
        (isIPv6 ? "[\(host)]" : host) + ":\(actual ?? port)"
    }

    /// Reads `127.0.0.1:8080`, `[::1]:8080`, `localhost:8080` or `0.0.0.0:8080`.
    public init(parsing text: String) throws(WebError) {
        let hostPart: Substring, portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw .badListen(text, reason: "write it as [IPv6-address]:port")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .badListen(text, reason: "give an address and a port, as 127.0.0.1:8080") }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { throw .badListen(text, reason: "write an IPv6 address in brackets, as [::1]:8080") }
        }
        guard let port = Int(portPart), (0...65535).contains(port) else { throw .badListen(text, reason: "the port must be a number from 0 to 65535") }
        let host = hostPart == "localhost" ? "127.0.0.1" : String(hostPart)
        var buffer = [UInt8](repeating: 0, count: 16)
        let isIPv6 = host.contains(":")
        guard inet_pton(isIPv6 ? AF_INET6 : AF_INET, host, &buffer) == 1 else {
            throw .badListen(text, reason: "'\(hostPart)' is not a numeric IPv4 or IPv6 address (or localhost)")
        }
        self.host = host
        self.port = port
        self.isIPv6 = isIPv6
    }
}
