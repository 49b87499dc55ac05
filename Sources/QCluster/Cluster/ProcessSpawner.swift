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
        var map: [Int32] = []
        map.reserveCapacity(options.fileDescriptors.count * 2)
        for (source, target) in options.fileDescriptors {
            map.append(source)
            map.append(target)
        }
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
    /// The length of each variable's name (the bytes before its first `=`).
    fileprivate let nameLengths: [Int]

    init(_ variables: [String]) {
        pointers = variables.map { strdup($0)! }
        nameLengths = pointers.map(CStringArray.nameLength)
    }

    deinit { for pointer in pointers { free(pointer) } }
}

/// A NULL-terminated array of C strings that lives as long as this object.
private final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    /// How many of the leading pointers are this object's own copies (the rest are shared).
    private let owned: Int

    /// Copies of `strings`, in order.
    convenience init(_ strings: [String]) {
        self.init(owning: strings.map { strdup($0)! }, sharing: [])
    }

    /// An environment: copies of `variables` (a name set twice keeps its last value, as with
    /// env(1)), then the shared variables of `block` that `variables` does not set.
    ///
    /// Names are compared as C bytes, pairwise: a task sets a handful of variables, and hashing
    /// them into sets (as this did) cost more instructions than the rest of a spawn's set-up.
    convenience init(environment variables: [String], after block: EnvironmentBlock?) {
        let copies = variables.map { strdup($0)! }
        let lengths = copies.map(Self.nameLength)
        var own: [UnsafeMutablePointer<CChar>] = []
        var ownLengths: [Int] = []
        own.reserveCapacity(copies.count)
        ownLengths.reserveCapacity(copies.count)
        for index in copies.indices {
            let setAgain = (index + 1..<copies.count).contains { Self.sameName(copies[$0], lengths[$0], copies[index], lengths[index]) }
            if setAgain {
                free(copies[index])
            } else {
                own.append(copies[index])
                ownLengths.append(lengths[index])
            }
        }
        var shared: [UnsafeMutablePointer<CChar>] = []
        if let block {
            shared.reserveCapacity(block.pointers.count)
            for (pointer, length) in zip(block.pointers, block.nameLengths)
            where !own.indices.contains(where: { Self.sameName(own[$0], ownLengths[$0], pointer, length) }) {
                shared.append(pointer)
            }
        }
        self.init(owning: own, sharing: shared)
    }

    /// Takes ownership of `copies` (strdup'ed), followed by `shared`, which stay their owner's.
    private init(owning copies: [UnsafeMutablePointer<CChar>], sharing shared: [UnsafeMutablePointer<CChar>]) {
        owned = copies.count
        pointers = .allocate(capacity: owned + shared.count + 1)
        for (index, pointer) in copies.enumerated() { pointers[index] = pointer }
        for (index, pointer) in shared.enumerated() { pointers[owned + index] = pointer }
        pointers[owned + shared.count] = nil
    }

    deinit {
        for index in 0..<owned { free(pointers[index]) }
        pointers.deallocate()
    }

    /// The length of a `NAME=value` string's name: the bytes before its first `=`.
    static func nameLength(_ variable: UnsafeMutablePointer<CChar>) -> Int {
        var length = 0
        while variable[length] != 0, variable[length] != CChar(UInt8(ascii: "=")) { length += 1 }
        return length
    }

    private static func sameName(_ a: UnsafeMutablePointer<CChar>, _ aLength: Int, _ b: UnsafeMutablePointer<CChar>, _ bLength: Int) -> Bool {
        aLength == bLength && memcmp(a, b, aLength) == 0
    }
}
