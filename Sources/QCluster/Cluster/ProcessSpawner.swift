import CSpawn
import FoundationEssentials
import Glibc

/// Starts child processes with fork and exec done in C (see `cspawn.c`).
public enum ProcessSpawner {
    /// A child that could not be started: `errno` says why (ENOENT: no such command).
    public struct Failure: Error, CustomStringConvertible {
        public var errno: Int32
        public var command: String

        public var description: String {
            switch errno {
            case ENOENT: return "command not found: \(command)"
            case EACCES: return "permission denied: \(command)"
            case ENOTDIR: return "not a directory (the working directory or the command's path)"
            default: return "cannot start \(command): \(String(cString: strerror(errno)))"
            }
        }
    }

    /// What the child gets.
    public struct Options {
        public var arguments: [String]
        public var environment: [String]
        public var workingDirectory: String?
        public var newProcessGroup = false
        public var parentDeathSignal: Int32 = 0
        /// (source, target) pairs: the child sees `source` as fd `target`.
        public var fileDescriptors: [(Int32, Int32)] = []
        /// Variables copied to C once and shared by many children, besides `environment`; one
        /// that `environment` sets too is left out, so `environment` wins.
        var inheritedEnvironment: EnvironmentBlock?

        public init(arguments: [String], environment: [String]) {
            self.arguments = arguments
            self.environment = environment
        }
    }

    /// Starts the child and returns its pid.
    public static func spawn(_ options: Options) throws(Failure) -> pid_t {
        let argv = CStringArray(options.arguments)
        let envp = CStringArray(environment: options.environment, after: options.inheritedEnvironment)
        let map = options.fileDescriptors.flatMap { [$0.0, $0.1] }
        var pid: pid_t = 0
        let code: Int32 = map.withUnsafeBufferPointer { mapBuffer in
            let call = { (cwd: UnsafePointer<CChar>?) -> Int32 in
                var spawnOptions = qctl_spawn_options(
                    argv: argv.pointers, envp: envp.pointers, cwd: cwd,
                    new_process_group: options.newProcessGroup ? 1 : 0,
                    parent_death_signal: options.parentDeathSignal,
                    fd_map: mapBuffer.baseAddress, fd_map_pairs: Int32(options.fileDescriptors.count))
                return qctl_spawn(&spawnOptions, &pid)
            }
            if let directory = options.workingDirectory {
                return directory.withCString { call($0) }
            }
            return call(nil)
        }
        guard code == 0 else { throw Failure(errno: code, command: options.arguments.first ?? "") }
        return pid
    }

    /// Makes the calling process receive `signal` when its parent dies.
    public static func setParentDeathSignal(_ signal: Int32) {
        _ = qctl_set_parent_death_signal(signal)
    }
}

/// `NAME=value` strings copied to C once, for the environment of many children.
final class EnvironmentBlock: @unchecked Sendable {  // immutable after init
    fileprivate let pointers: [UnsafeMutablePointer<CChar>]
    /// The index of each variable by name.
    fileprivate let index: [Substring: Int]

    init(_ variables: [String]) {
        pointers = variables.map { strdup($0)! }
        var index: [Substring: Int] = [:]
        for (position, variable) in variables.enumerated() { index[Self.name(of: variable)] = position }
        self.index = index
    }

    deinit { for pointer in pointers { free(pointer) } }

    /// The bytes before the first `=` (by UTF-8: String's Character view is far slower).
    fileprivate static func name(of variable: String) -> Substring {
        variable[..<(variable.utf8.firstIndex(of: UInt8(ascii: "=")) ?? variable.endIndex)]
    }
}

/// A NULL-terminated array of C strings that lives as long as this object.
private final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    /// How many of the leading pointers are this object's own copies (the rest are shared).
    private let owned: Int

    /// Copies of `strings`, in order.
    convenience init(_ strings: [String]) {
        self.init(owning: strings, sharing: [])
    }

    /// An environment: copies of `variables` (a name set twice keeps its last value, as with
    /// env(1)), then the shared variables of `block` that `variables` does not set.
    convenience init(environment variables: [String], after block: EnvironmentBlock?) {
        var seen = Set<Substring>()
        let variables = Array(variables.reversed().filter { seen.insert(EnvironmentBlock.name(of: $0)).inserted }.reversed())
        let shared = block?.pointers ?? []
        let overridden = block.map { block in Set(seen.compactMap { block.index[$0] }) } ?? []
        self.init(owning: variables, sharing: overridden.isEmpty ? shared : shared.indices.filter { !overridden.contains($0) }.map { shared[$0] })
    }

    private init(owning strings: [String], sharing shared: [UnsafeMutablePointer<CChar>]) {
        owned = strings.count
        pointers = .allocate(capacity: owned + shared.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        for (index, pointer) in shared.enumerated() { pointers[owned + index] = pointer }
        pointers[owned + shared.count] = nil
    }

    deinit {
        for index in 0..<owned { free(pointers[index]) }
        pointers.deallocate()
    }
}
