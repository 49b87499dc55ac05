import Foundation
import Testing
@testable import QCluster

@Suite("the broker's folder, made like mkdir -p")
struct FolderCreatorTests {
    @Test("missing parents are created with the mode; an existing folder is fine")
    func creates() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-mkdir-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let leaf = root + "/a/b/.qctl"
        #expect(FolderCreator.create(leaf, mode: 0o700) == nil)
        var info = stat()
        #expect(stat(leaf, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(FolderCreator.create(leaf, mode: 0o700) == nil)
    }

    @Test("a file in the way, or a folder that cannot be written, gives its errno")
    func failures() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-mkdir-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: root + "/file", contents: Data()))
        #expect(FolderCreator.create(root + "/file", mode: 0o700) == EEXIST)
        #expect(FolderCreator.create(root + "/file/sub", mode: 0o700) == ENOTDIR)
        #expect(FolderCreator.create("/proc/qctl-cannot-be-here", mode: 0o700) != nil)
    }
}
