import Glibc

/// Runs, in place of this process, an executable installed beside the running one: how `qctl
/// web` becomes `qctl-web`, whose web server no other command should load.
public enum SiblingExecutable {
    /// Why the sibling could not be started.
    public struct LaunchError: UserFacingError {
        public let path: String
        public let reason: String
        public var exitStatus: ExitStatus { .unavailable }
        public var description: String { "\(path): cannot run it (\(reason)); it is installed beside qctl (make install)" }
    }

    /// The path `name` has beside the running executable; nil when the kernel does not say
    /// where that is (never a bare name, which exec would look for in the current folder).
    public static func path(of name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let own = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = own.lastIndex(of: "/") else { return nil }
        return String(own[...slash]) + name
    }

    /// Replaces this process with `name` from beside it, given `arguments` after its own name;
    /// returns only by throwing.
    public static func exec(_ name: String, arguments: [String]) throws(LaunchError) -> Never {
        guard let path = path(of: name) else {
            throw LaunchError(path: name, reason: "/proc/self/exe does not say where qctl is: \(String(cString: strerror(errno)))")
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        throw LaunchError(path: path, reason: reason)
    }
}
