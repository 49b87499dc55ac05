import Foundation
import Testing

/// qctl's modules use FoundationEssentials only. Foundation proper brings CoreFoundation, whose
/// start-up runs before main in every command (a large part of an enqueue's time), and
/// one stray call (`String(format:)`, `range(of:)`, FileHandle) links it all back in.
@Suite("what qctl links")
struct LinkageTests {
    @Test("no object file of qctl or its dependencies calls into Foundation proper")
    func noFoundation() throws {
        let buildFolder = URL(fileURLWithPath: try QctlBinary.path()).deletingLastPathComponent()
        let modules = try FileManager.default.contentsOfDirectory(atPath: buildFolder.path).filter {
            $0.hasSuffix(".build") && !$0.contains("Tests") && !$0.contains("-tool") && !$0.hasPrefix("generate_")
        }
        var objects: [String] = []
        for module in modules {
            let folder = buildFolder.appendingPathComponent(module)
            objects += (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?
                .filter { $0.hasSuffix(".swift.o") }.map { folder.appendingPathComponent($0).path } ?? []
        }
        #expect(objects.count > 100, "found only \(objects.count) object files under \(buildFolder.path)")
        #expect(objects.contains { $0.hasSuffix("QCluster.build/ConfigLoader.swift.o") })

        let nm = Process()
        nm.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
        nm.arguments = ["-u", "-A"] + objects
        let pipe = Pipe()
        nm.standardOutput = pipe
        try nm.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        nm.waitUntilExit()
        #expect(nm.terminationStatus == 0)
        // Swift mangles the module name Foundation as "10Foundation"; FoundationEssentials is
        // "20FoundationEssentials" and does not match.
        let calls = output.split(separator: "\n").filter { $0.contains("10Foundation") }
        #expect(calls.isEmpty, "Foundation symbols used:\n\(calls.prefix(10).joined(separator: "\n"))")
    }
}
