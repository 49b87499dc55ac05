import Foundation
import Testing

/// Man pages and completion scripts are generated (`make docs`) and committed; these tests
/// regenerate them and fail when the committed copies are stale.
@Suite("man pages and shell completions")
struct DocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixed date `make docs` stamps on man pages (from the Makefile).
    static func docsDate() throws -> String {
        let makefile = try String(contentsOf: root.appendingPathComponent("Makefile"), encoding: .utf8)
        let line = try #require(makefile.split(separator: "\n").first { $0.hasPrefix("DOCS_DATE :=") })
        return line.split(separator: "=").last!.trimmingCharacters(in: .whitespaces)
    }

    @Test("the committed completion scripts match what qctl generates", arguments: [
        ("bash", "completions/qctl.bash"), ("zsh", "completions/_qctl"), ("fish", "completions/qctl.fish"),
    ])
    func completionsAreFresh(shell: String, path: String) throws {
        let sandbox = try Sandbox()
        let generated = try sandbox.run(["--generate-completion-script", shell])
        #expect(generated.status == 0)
        let committed = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        #expect(generated.stdout == committed, "\(path) is stale: run make docs")
    }

    @Test("the committed man pages match what generate-manual writes")
    func manPagesAreFresh() throws {
        let tool = try QctlBinary.path()
        let generator = try BuildTool.path("generate-manual")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-man-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: generator)
        process.arguments = [tool, "--multi-page", "--date", try Self.docsDate(), "-o", output.path]
        process.standardOutput = FileHandle.nullDevice
        try process.runAlone()
        #expect(eventually(timeout: 120) { !process.isRunning })
        #expect(!process.isRunning && process.terminationStatus == 0)
        let man = Self.root.appendingPathComponent("man")
        let generated = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        let committed = try FileManager.default.contentsOfDirectory(atPath: man.path).filter { $0.hasSuffix(".1") }.sorted()
        #expect(generated == committed, "man/ is stale: run make docs")
        for page in generated {
            let fresh = try String(contentsOf: output.appendingPathComponent(page), encoding: .utf8)
            let old = try? String(contentsOf: man.appendingPathComponent(page), encoding: .utf8)
            #expect(fresh == old, "man/\(page) is stale: run make docs")
        }
        let root = try String(contentsOf: man.appendingPathComponent("qctl.1"), encoding: .utf8)
        for section in ["EXAMPLES:", "FILES:", "ENVIRONMENT:", "EXIT STATUS:"] { #expect(root.contains(section)) }
        let format = try String(contentsOf: Self.root.appendingPathComponent("docs/qcluster.yaml.5"), encoding: .utf8)
        #expect(try String(contentsOf: man.appendingPathComponent("qcluster.yaml.5"), encoding: .utf8) == format)
    }

    @Test("bash completes cluster names from the configuration")
    func bashCompletesClusterNames() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "alt_clusters:\n  long:\n    timeout: 10\n  nightly:\n    timeout: 10\ntasks:\n  thumbnail:\n    command: [convert]\n")
        let script = Self.root.appendingPathComponent("completions/qctl.bash").path
        func complete(_ line: [String], previous: String) throws -> [String] {
            let words = line.map { "'\($0)'" }.joined(separator: " ")
            let program = """
            source '\(script)'
            COMP_WORDS=(\(words)); COMP_CWORD=\(line.count - 1)
            COMP_LINE="\(line.joined(separator: " "))"; COMP_POINT=${#COMP_LINE}
            _qctl qctl '\(line.last ?? "")' '\(previous)'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", program]
            var environment = sandbox.environment
            environment["PATH"] = URL(fileURLWithPath: try QctlBinary.path()).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            process.environment = environment
            process.currentDirectoryURL = sandbox.directory
            let output = sandbox.file(".completion-\(UUID().uuidString.prefix(8))")
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: output)
            try process.runAlone()
            #expect(eventually(timeout: 30) { !process.isRunning })
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init).sorted()
        }
        #expect(try complete(["qctl", "start", "--name", ""], previous: "--name") == ["default", "long", "nightly"])
        #expect(try complete(["qctl", "enqueue", "--cluster", "l"], previous: "--cluster") == ["long"])
        #expect(try complete(["qctl", "enqueue", "--task", ""], previous: "--task") == ["thumbnail"])
        #expect(try complete(["qctl", "st"], previous: "qctl").contains("start"))
        // With no broker yet, a schedule name completes to nothing, and no broker is created.
        #expect(try complete(["qctl", "schedule", "run", ""], previous: "run") == [])
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl")))
        // Schedule names come from the broker.
        #expect(try sandbox.run(["schedule", "add", "nightly-backup", "--daily", "--", "true"]).status == 0)
        #expect(try complete(["qctl", "schedule", "run", "ni"], previous: "run") == ["nightly-backup"])
    }

    @Test("fish completes cluster names from the configuration, typed in a real terminal")
    func fishCompletesClusterNames() throws {
        let fish = try #require(["/usr/bin/fish", "/bin/fish"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                "fish is missing: make test installs it")
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "alt_clusters:\n  long:\n    timeout: 10\n")
        let script = Self.root.appendingPathComponent("completions/qctl.fish").path
        let binaries = URL(fileURLWithPath: try QctlBinary.path()).deletingLastPathComponent().path
        // fish's `complete -C` cannot run these scripts outside an interactive line, so type for real.
        let session = try TmuxSession(sandbox, command: "cd '\(sandbox.path)' && env PATH='\(binaries)':$PATH \(fish) --no-config -C \"source '\(script)'\"")
        #expect(eventually(timeout: 15) { session.screen().contains(">") || session.screen().contains("#") })
        try session.send("qctl start --name ", "Tab")
        #expect(eventually(timeout: 15) {
            let lines = session.screen().split(separator: "\n")
            return lines.contains { $0.hasPrefix("default") } && lines.contains { $0.hasPrefix("long") }
        }, "\(session.screen())")
    }

    @Test("make install-files puts the binary, man pages and completions in their standard places")
    func install() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-prefix-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        process.arguments = ["-s", "install-files", "PREFIX=\(prefix)", "BIN=\(try QctlBinary.path())"]
        process.currentDirectoryURL = Self.root
        process.standardOutput = FileHandle.nullDevice
        try process.runAlone()
        #expect(eventually(timeout: 60) { !process.isRunning })
        #expect(!process.isRunning && process.terminationStatus == 0)
        for path in ["bin/qctl", "share/man/man1/qctl.1", "share/man/man1/qctl.start.1", "share/man/man5/qcluster.yaml.5",
                     "share/bash-completion/completions/qctl", "share/zsh/site-functions/_qctl", "share/fish/vendor_completions.d/qctl.fish"] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + path), "\(path) not installed")
        }
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/qctl"))
    }
}
