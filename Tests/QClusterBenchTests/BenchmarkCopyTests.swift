import Foundation
import Testing
import QCluster
@testable import QClusterBench

@Suite("the bench's copy of a binary, as exec reads it after a reboot")
struct BenchmarkCopyTests {
    private func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-copy-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Pages of `path` in the page cache (mincore(2) over a mapping of the whole file).
    private func residentPages(_ path: String) throws -> Int {
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var info = stat()
        fstat(fd, &info)
        let size = Int(info.st_size)
        let map = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0)
        try #require(map != MAP_FAILED)
        defer { munmap(map, size) }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var vector = [UInt8](repeating: 0, count: (size + pageSize - 1) / pageSize)
        try #require(mincore(map, size, &vector) == 0)
        return vector.filter { $0 & 1 != 0 }.count
    }

    @Test("is the same bytes, executable, and not in the page cache")
    func copyIsUncached() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/source"
        // Three 1 MiB buffers and a remainder.
        let bytes = (0..<(3 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        #expect(FileManager.default.createFile(atPath: source, contents: Data(bytes)))
        let copy = try #require(Benchmark.uncachedCopy(of: source, in: folder))
        #expect(try residentPages(copy) == 0)
        #expect(try FileContents.read(copy) == bytes)
        var info = stat()
        stat(copy, &info)
        #expect(info.st_mode & 0o100 != 0, "executable by its owner")
    }

    @Test("is nil, leaving nothing behind, when it cannot be made")
    func copyFailure() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(Benchmark.uncachedCopy(of: folder + "/missing", in: folder) == nil)
        #expect(Benchmark.uncachedCopy(of: "/bin/true", in: folder + "/missing-folder") == nil)
        // A source that cannot be read (a folder): the partial copy is removed.
        #expect(Benchmark.uncachedCopy(of: folder, in: folder) == nil)
        #expect(!FileManager.default.fileExists(atPath: folder + "/qctl-read-back"))
    }
}
