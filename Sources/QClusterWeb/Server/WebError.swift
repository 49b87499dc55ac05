import QCluster

/// Why `qctl web` cannot start.
public enum WebError: UserFacingError {
    /// `--listen` is not an address and a port.
    case badListen(String, reason: String)
    /// An address other than loopback without `web.token`.
    case tokenNeeded(address: String)
    /// The address cannot be listened on (in use, not this machine's).
    case cannotListen(address: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .badListen: .usage
        case .tokenNeeded: .configuration
        case .cannotListen: .unavailable
        }
    }

    public var description: String {
        switch self {
        case let .badListen(text, reason):
            "--listen \(text): \(reason)"
        case let .tokenNeeded(address):
            "listening on \(address), beyond this machine, needs web.token in qcluster.yaml (16 or more characters; a generated token is for loopback only)"
        case let .cannotListen(address, reason):
            "cannot listen on \(address): \(reason)"
        }
    }
}
