import Foundation
import Testing
@testable import QCluster

@Suite("the monitor's batched log lines")
struct ClusterLogBatchTests {
    @Test("a batch goes out in whole lines, each write within PIPE_BUF, nothing lost or reordered")
    func chunks() throws {
        let log = ClusterLog(format: .text, minimumLevel: .info)
        var batch = ClusterLog.Batch()
        var expected: [String] = []
        for index in 0..<300 {
            let message = "Processed 'task-\(index)-" + String(repeating: "x", count: index % 70) + "'"
            log.append(.info, message, event: "processed", to: &batch)
            expected.append(message)
        }
        log.append(.debug, "not logged at INFO", event: "refilled", to: &batch)
        let long = String(repeating: "y", count: 5_000)
        log.append(.error, long, event: "failed", to: &batch)
        expected.append(long)
        log.append(.info, "after the long line", event: "processed", to: &batch)
        expected.append("after the long line")

        let chunks = batch.chunks
        #expect(chunks.count > 5)
        for chunk in chunks {
            #expect(chunk.last == UInt8(ascii: "\n"))
            #expect(chunk.count <= Int(PIPE_BUF) || chunk.dropLast().firstIndex(of: UInt8(ascii: "\n")) == nil, "a chunk of several lines is over PIPE_BUF")
        }
        let text = String(decoding: chunks.flatMap { $0 }, as: UTF8.self)
        let messages = text.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 3).last.map(String.init) ?? "" }
        #expect(messages == expected)
    }
}
