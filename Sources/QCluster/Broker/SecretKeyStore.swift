import FoundationEssentials
import Glibc

/// Provides the secret that signs messages: the configured `secret_key`, else a random key
/// generated once into `<broker>.key` (0600) and shared by every process using that broker.
public enum SecretKeyStore {
    /// The key file that goes with a broker file.
    public static func keyPath(forBroker brokerPath: String) -> String { brokerPath + ".key" }

    public static func secret(configured: String?, brokerPath: String) throws(BrokerError) -> [UInt8] {
        if let configured, !configured.isEmpty { return Array(configured.utf8) }
        return try generated(at: keyPath(forBroker: brokerPath))
    }

    /// The secret in the file at `path`, a random one of 64 hex digits written there first (0600)
    /// when there is none: also `qctl web`'s token.
    public static func generated(at path: String) throws(BrokerError) -> [UInt8] {
        if let existing = try readKey(at: path) { return existing }
        // Its folder is the broker's, which a PostgreSQL broker never made.
        if let failure = FolderCreator.create(PathResolver.folder(of: path), mode: 0o700) {
            throw .secretKey(path: path, reason: String(cString: strerror(failure)))
        }
        // Write a new key to a private temporary file, then link it into place: link(2) fails
        // when another process won the race, and then its key is the one everybody uses.
        var random = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in random.indices { random[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let hex = TaskID(bytes: Array(random[0..<16]))!.hex + TaskID(bytes: Array(random[16..<32]))!.hex
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw .secretKey(path: path, reason: String(cString: strerror(errno))) }
        let line = Array((hex + "\n").utf8)
        let written = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        defer { unlink(temporary) }
        guard written == line.count, synced == 0 else { throw .secretKey(path: path, reason: String(cString: strerror(errno))) }
        if link(temporary, path) != 0, errno != EEXIST {
            throw .secretKey(path: path, reason: String(cString: strerror(errno)))
        }
        guard let key = try readKey(at: path) else { throw .secretKey(path: path, reason: "it vanished while being created") }
        return key
    }

    private static func readKey(at path: String) throws(BrokerError) -> [UInt8]? {
        let data: [UInt8]
        do {
            data = try FileContents.read(path)
        } catch {
            if error.code == ENOENT { return nil }
            throw .secretKey(path: path, reason: "cannot read it (\(error))")
        }
        // ASCII trimming by index: Foundation's trimmingCharacters, and even drop/reversed (whose
        // nested generic types are built at run time), cost more than the rest of an enqueue.
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        var start = 0, end = data.count
        while start < end, isSpace(data[start]) { start += 1 }
        while end > start, isSpace(data[end - 1]) { end -= 1 }
        let key = Array(data[start..<end])
        guard String(decoding: key, as: UTF8.self).count >= 32 else {
            throw .secretKey(path: path, reason: "it is shorter than 32 characters; delete it to generate a new one")
        }
        return key
    }
}
