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

    @Test("stops at the root")
    func aboveRoot() {
        #expect(PathResolver.absolute("../../..", from: "/a") == "/")
    }
}
