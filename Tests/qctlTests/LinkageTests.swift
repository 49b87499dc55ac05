import Foundation
import Testing

/// qctl's modules use FoundationEssentials only. Foundation proper brings CoreFoundation, whose
/// start-up runs before main in every command (a large part of an enqueue's time), and
/// one stray call (`String(format:)`, `range(of:)`, FileHandle) links it all back in.
@Suite("what qctl links")
struct LinkageTests {
    @Test("no object file of qctl or its dependencies calls into Foundation proper")
    func noFoundation() throws {
        let objects = try linkedObjects().filter { $0.hasSuffix(".swift.o") }
        #expect(objects.count > 100, "found only \(objects.count) object files in the link of qctl")
        #expect(objects.contains { $0.hasSuffix("QCluster.build/ConfigLoader.swift.o") })

        let nm = Process()
        nm.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
        nm.arguments = ["-u", "-A"] + objects
        let pipe = Pipe.forChild()
        nm.standardOutput = pipe
        try nm.runAlone()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        nm.waitUntilExit()
        #expect(nm.terminationStatus == 0)
        // Swift mangles the module name Foundation as "10Foundation"; FoundationEssentials is
        // "20FoundationEssentials" and does not match.
        let calls = output.split(separator: "\n").filter { $0.contains("10Foundation") }
        #expect(calls.isEmpty, "Foundation symbols used:\n\(calls.prefix(10).joined(separator: "\n"))")
    }

    /// qctl-web is the only binary with the web server: every other command would pay for
    /// Hummingbird, NIO and Foundation at start-up.
    @Test("qctl links none of the web server's code")
    func noWebServer() throws {
        let objects = try linkedObjects()
        #expect(objects.contains { $0.contains("/QCluster.build/") })
        let web = objects.filter { path in ["/QClusterWeb.build/", "/Hummingbird", "/NIO", "/Prometheus.build/"].contains { path.contains($0) } }
        #expect(web.isEmpty, "\(web.prefix(5))")
    }

    /// The object files the link of the qctl binary under test took, as the package manager
    /// listed them for the linker.
    func linkedObjects() throws -> [String] {
        let buildFolder = URL(fileURLWithPath: try QctlBinary.path()).deletingLastPathComponent()
        let list = try String(contentsOf: buildFolder.appendingPathComponent("qctl.product/Objects.LinkFileList"), encoding: .utf8)
        return list.split(separator: "\n").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }
    }

    /// libpq is linked statically, with stubs standing in for GSSAPI and LDAP (Makefile): a binary
    /// that also loaded libpq.so or libgssapi_krb5 would get the stubs in place of their functions,
    /// and libpq.so alone loads 25 libraries in every command.
    @Test("qctl loads no shared libpq, OpenSSL, GSSAPI or LDAP library")
    func noSharedLibPQ() throws {
        let dynamic = try tool("/usr/bin/readelf", ["-d", "-W", try QctlBinary.path()])
        let needed = dynamic.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(!needed.isEmpty || dynamic.contains("no dynamic section"), "\(dynamic)")
        let names = ["libpq.", "libssl.", "libcrypto.", "libgssapi", "libkrb5", "libldap"]
        let loaded = needed.filter { line in names.contains { line.contains("[\($0)") } }
        #expect(loaded.isEmpty, "\(loaded)")
    }

    @Test("the release binary is a static executable", .enabled(if: (try? QctlBinary.path())?.contains("/release/") == true))
    func releaseIsStatic() throws {
        let headers = try tool("/usr/bin/readelf", ["-l", "-W", try QctlBinary.path()])
        #expect(headers.contains("LOAD"), "\(headers)")
        #expect(!headers.contains("INTERP") && !headers.contains("DYNAMIC"), "\(headers)")
    }

    /// A binutils tool's standard output; it must exit 0.
    func tool(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe.forChild()
        process.standardOutput = pipe
        try process.runAlone()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(path) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        return output
    }
}
