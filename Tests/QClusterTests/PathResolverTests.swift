import Foundation
import Testing

@testable import QCluster

@Suite("PathResolver")
struct PathResolverTests {
    @Test("gives the path Foundation's standardized file URL gives", arguments: [
        ("x", "/home/u"), ("./x/./y", "/home/u"), ("../x", "/home/u/w"), ("a/../../b", "/home/u"), ("/abs/./p/../q", "/home/u"),
        (".qctl/broker.lmdb", "/srv/app/"), ("a//b/", "/home//u"), ("sub dir/é", "/tmp"), (".", "/tmp"), ("..", "/tmp"), ("a/.../.b/..c/..", "/x"),
    ])
    func matchesFoundation(path: String, directory: String) {
        let expected = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
        #expect(PathResolver.absolute(path, from: directory) == expected)
    }

    @Test("names a path's folder as NSString does for absolute paths", arguments: [
        "/srv/app/.qctl/broker.lmdb", "/broker.lmdb", "/a/b/", "/a//b", "/", "/é/ü.yaml", "//x",
    ])
    func folderMatchesFoundation(path: String) {
        #expect(PathResolver.folder(of: path) == (path as NSString).deletingLastPathComponent)
    }

    @Test("a bare name's folder is the current one")
    func folderOfBareName() {
        #expect(PathResolver.folder(of: "broker.lmdb") == ".")
    }

    @Test("the current directory is the one FileManager gives")
    func currentDirectory() {
        #expect(PathResolver.currentDirectory == FileManager.default.currentDirectoryPath)
    }

    @Test("stops at the root")
    func aboveRoot() {
        #expect(PathResolver.absolute("../../..", from: "/a") == "/")
    }
}
