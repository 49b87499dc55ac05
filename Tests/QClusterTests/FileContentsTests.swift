import Foundation
import Testing
@testable import QCluster

@Suite("whole-file reads")
struct FileContentsTests {
    @Test("a file is read whole, empty or larger than the first buffer", arguments: [0, 1, 16_384, 16_385, 100_000])
    func readsWholeFile(size: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-read-\(UUID().uuidString.prefix(8))").path
        defer { unlink(path) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(try FileContents.read(path) == bytes)
    }

    @Test("a missing file and a folder fail with their errno")
    func failures() {
        #expect(throws: FileContents.Failure(code: ENOENT)) { try FileContents.read("/nonexistent-qctl-file") }
        #expect(throws: FileContents.Failure(code: EISDIR)) { try FileContents.read("/tmp") }
    }
}
