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
        /// More variables, as NUL-terminated `NAME=value` strings back to back, whose names
        /// neither `environment` nor `inheritedEnvironment` has (the caller makes sure): copied
        /// to C in one piece, with no names to compare (a worker sets four for every task).
        var distinctEnvironment: [UInt8] = []

        public init(arguments: [String], environment: [String]) {
            self.arguments = arguments
            self.environment = environment
        }
    }

    /// Starts the child and returns its pid.
    public static func spawn(_ options: Options) throws(Failure) -> pid_t {
        let argv = CStringArray(options.arguments)
        let envp = CStringArray(environment: options.environment, after: options.inheritedEnvironment, distinct: options.distinctEnvironment)
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

    /// Copies `variables`, except those named in `excluded`.
    init(_ variables: [String], excluding excluded: Set<String> = []) {
        pointers = variables.filter { !excluded.contains(String($0.prefix { $0 != "=" })) }.map(CStringArray.copy)
        nameLengths = pointers.map(CStringArray.nameLength)
    }

    deinit { for pointer in pointers { free(pointer) } }
}

/// A NULL-terminated array of C strings that lives as long as this object.
private final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    /// How many of the leading pointers are this object's own copies (the rest are shared).
    private let owned: Int
    /// The copy of a ``ProcessSpawner/Options/distinctEnvironment`` that some pointers point into.
    private let distinct: UnsafeMutableRawBufferPointer?

    /// Copies of `strings`, in order.
    init(_ strings: [String]) {
        owned = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = Self.copy(string) }
        pointers[strings.count] = nil
        distinct = nil
    }

    /// A malloc'ed C copy of `string` (withCString reads a native String in place).
    static func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
        string.withCString { strdup($0)! }
    }

    /// An environment: copies of `variables` (a name set twice keeps its last value, as with
    /// env(1)), then the `distinct` ones, then the shared variables of `block` that `variables`
    /// does not set.
    ///
    /// Names are compared as C bytes, pairwise: a task sets a handful of variables, and hashing
    /// them into sets (as this did) cost more instructions than the rest of a spawn's set-up.
    /// The pointers are written into their final array as they are found.
    init(environment variables: [String], after block: EnvironmentBlock?, distinct: [UInt8] = []) {
        let copies = variables.map(Self.copy)
        let lengths = copies.map(Self.nameLength)
        precondition(distinct.last ?? 0 == 0, "distinct variables end with their NUL")
        let distinctCount = distinct.reduce(0) { $1 == 0 ? $0 + 1 : $0 }
        let shared = block?.pointers.count ?? 0
        pointers = .allocate(capacity: copies.count + distinctCount + shared + 1)
        var count = 0
        var kept: [Int] = []  // indexes into `copies` of those kept, to compare with `block`
        for index in copies.indices {
            if (index + 1..<copies.count).contains(where: { Self.sameName(copies[$0], lengths[$0], copies[index], lengths[index]) }) {
                free(copies[index])
            } else {
                pointers[count] = copies[index]
                count += 1
                kept.append(index)
            }
        }
        owned = count
        if distinct.isEmpty {
            self.distinct = nil
        } else {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: distinct.count, alignment: 1)
            buffer.copyBytes(from: distinct)
            let base = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            var start = 0
            for index in distinct.indices where distinct[index] == 0 {
                pointers[count] = base + start
                count += 1
                start = index + 1
            }
            self.distinct = buffer
        }
        if let block, kept.isEmpty {
            // Usually so (a task without --env): the block as it is, names unread.
            for pointer in block.pointers {
                pointers[count] = pointer
                count += 1
            }
        } else if let block {
            for index in block.pointers.indices {
                let pointer = block.pointers[index], length = block.nameLengths[index]
                if kept.contains(where: { Self.sameName(copies[$0], lengths[$0], pointer, length) }) { continue }
                pointers[count] = pointer
                count += 1
            }
        }
        pointers[count] = nil
    }

    deinit {
        for index in 0..<owned { free(pointers[index]) }
        pointers.deallocate()
        distinct?.deallocate()
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
