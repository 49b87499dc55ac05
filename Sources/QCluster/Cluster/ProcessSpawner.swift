import CSpawn
import Foundation

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
        let envp = CStringArray(options.environment, after: options.inheritedEnvironment)
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

    fileprivate static func name(of variable: String) -> Substring {
        variable[..<(variable.firstIndex(of: "=") ?? variable.endIndex)]
    }
}

/// A NULL-terminated array of C strings that lives as long as this object: its own copies of
/// `strings`, after the shared ones of `block` that `strings` does not set again.
private final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let owned: Int

    init(_ strings: [String], after block: EnvironmentBlock? = nil) {
        var shared = block?.pointers ?? []
        if let block, !strings.isEmpty {
            let overridden = strings.compactMap { block.index[EnvironmentBlock.name(of: $0)] }
            for position in overridden.sorted(by: >) { shared.remove(at: position) }
        }
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
