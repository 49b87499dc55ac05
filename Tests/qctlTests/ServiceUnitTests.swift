import Foundation
import Testing

/// The systemd units the README gives for running clusters.
@Suite("the README's systemd units")
struct ServiceUnitTests {
    /// The README's `ini` blocks that are systemd units (they have a [Service] section).
    static func units() throws -> [String] {
        let readme = try String(contentsOf: DocsTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        return readme.components(separatedBy: "```ini\n").dropFirst()
            .compactMap { $0.components(separatedBy: "```").first }
            .filter { $0.contains("[Service]\n") }
    }

    @Test("comments stand on lines of their own: systemd reads an inline '#' as part of the value")
    func noInlineComments() throws {
        let units = try Self.units()
        #expect(units.count == 2)
        for unit in units {
            for line in unit.split(separator: "\n") where !(line.hasPrefix("#") || line.hasPrefix(";")) {
                #expect(!line.contains(" #") && !line.contains(" ;"), "an inline comment: \(line)")
            }
        }
    }

    @Test("qctl start gets SIGTERM alone, an unreachable broker is retried without hitting systemd's start limit, a configuration error is not")
    func restartSettings() throws {
        for unit in try Self.units() {
            let settings = Set(unit.split(separator: "\n").map(String.init))
            for setting in ["KillMode=mixed", "Restart=on-failure", "RestartSec=5s", "RestartPreventExitStatus=78"] {
                #expect(settings.contains(setting), "\(setting) missing in:\n\(unit)")
            }
        }
    }
}
