/// How keys of the broker's databases are laid out. Big-endian numbers sort in numeric order,
/// which is what makes queues FIFO and time indexes chronological.
package enum BrokerKeys {
    /// `cluster 0x00 seq` in the queue database.
    static func queue(cluster: String, sequence: UInt64) -> [UInt8] {
        queuePrefix(cluster: cluster) + bigEndian(sequence)
    }

    static func queuePrefix(cluster: String) -> [UInt8] {
        Array(cluster.utf8) + [0]
    }

    /// The cluster a queue key belongs to.
    static func cluster(ofQueueKey key: [UInt8]) -> String {
        String(decoding: key.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// `time id`, for the chronological indexes.
    static func time(_ milliseconds: Int64, _ id: TaskID) -> [UInt8] {
        bigEndian(UInt64(max(0, milliseconds))) + id.bytes
    }

    /// `group 0x00 time id`, for the group index.
    static func group(_ group: String, _ milliseconds: Int64, _ id: TaskID) -> [UInt8] {
        groupPrefix(group) + time(milliseconds, id)
    }

    static func groupPrefix(_ group: String) -> [UInt8] {
        Array(group.utf8) + [0]
    }

    /// The id at the end of a time or group key.
    static func id(atEndOf key: [UInt8]) -> TaskID? {
        TaskID(bytes: Array(key.suffix(16)))
    }

    package static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    static func uint64(bigEndian bytes: some Collection<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
