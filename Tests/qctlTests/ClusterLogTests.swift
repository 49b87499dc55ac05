import Foundation
import RegexBuilder
import Testing

@Suite("the cluster's log, as Django Q's")
struct ClusterLogTests {
    /// `HH:MM:SS [Q] LEVEL message`
    static var linePattern: Regex<(Substring, Substring, Substring)> { #/^\d\d:\d\d:\d\d \[Q\] (INFO|WARNING|ERROR|DEBUG) (.+)$/# }

    @Test("start-up lines come in Django Q's order and wording; stop lines too")
    func seedLog() throws {
        let sandbox = try Sandbox()
        let cluster = try RunningCluster(sandbox, ["--workers", "3"])
        cluster.signal(SIGINT)
        #expect(cluster.waitForExit() == 0)
        let messages = cluster.logLines.compactMap { line -> String? in
            guard let match = line.wholeMatch(of: Self.linePattern) else {
                Issue.record("not a log line: \(line)")
                return nil
            }
            return String(match.output.2)
        }
        let clusterName = #/[a-z]+-[a-z]+-[a-z]+-[a-z]+/#
        let process = #/Process-[0-9a-f]{32}/#
        func index(_ pattern: Regex<Substring>) -> [Int] {
            messages.indices.filter { messages[$0].wholeMatch(of: pattern) != nil }
        }
        let starting = index(Regex { "Q Cluster "; clusterName; " starting." })
        let ready = index(Regex { process; " ready for work at "; OneOrMore(.digit) })
        let monitoring = index(Regex { process; " monitoring at "; OneOrMore(.digit) })
        let guarding = index(Regex { process; " guarding cluster at "; OneOrMore(.digit) })
        let pushing = index(Regex { process; " pushing tasks at "; OneOrMore(.digit) })
        let running = index(Regex { "Q Cluster "; clusterName; " running." })
        #expect(starting.count == 1 && ready.count == 3 && monitoring.count == 1 && guarding.count == 1 && pushing.count == 1 && running.count == 1,
                "\(messages)")
        guard let start = starting.first, let guardLine = guarding.first, let push = pushing.first, let run = running.first,
              let monitor = monitoring.first, let lastReady = ready.max() else { return }
        #expect(start < min(ready.min() ?? 0, monitor))
        #expect(max(lastReady, monitor) < guardLine)
        #expect(guardLine < push && push < run)
        let stopping = index(Regex { "Q Cluster "; clusterName; " stopping." })
        let stopProcesses = index(Regex { process; " stopping cluster processes" })
        let stoppedPushing = index(Regex { process; " stopped pushing tasks" })
        let stoppedWork = index(Regex { process; " stopped doing work" })
        let stoppedMonitoring = index(Regex { process; " stopped monitoring results" })
        let stopped = index(Regex { "Q Cluster "; clusterName; " has stopped." })
        #expect(stoppedWork.count == 3)
        let sequence = [stopping.first, stopProcesses.first, stoppedPushing.first, stoppedWork.min(), stoppedWork.max(),
                        stoppedMonitoring.first, stopped.first]
        #expect(sequence.allSatisfy { $0 != nil }, "\(messages)")
        #expect(sequence.compactMap { $0 } == sequence.compactMap { $0 }.sorted())
        #expect(run < (stopping.first ?? 0))
        // The same cluster name throughout.
        let names = messages.compactMap { $0.firstMatch(of: Regex { "Q Cluster "; Capture(clusterName) })?.output.1 }
        #expect(Set(names).count == 1)
    }

    @Test("--log-format json writes one JSON object per event; --quiet drops INFO")
    func jsonAndQuiet() throws {
        let sandbox = try Sandbox()
        let cluster = try RunningCluster(sandbox, ["--workers", "1", "--log-format", "json"])
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
        let events = try cluster.logLines.map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        let names = events.compactMap { $0["event"] as? String }
        #expect(names.first == "starting")
        #expect(names.contains("running") && names.last == "stopped")
        #expect(events.allSatisfy { $0["level"] is String && $0["pid"] is Int && $0["message"] is String && $0["time"] is Double })

        let quiet = try Sandbox()
        try quiet.write("qcluster.yaml", "cluster:\n  ack_failures: true\n")
        let process = try quiet.start(["start", "--quiet", "--workers", "1"])
        defer { for pid in RunningCluster.processes(in: quiet) { kill(pid, SIGKILL) } }
        _ = try quiet.enqueue(lines: ["{\"command\":[\"false\"]}"], ["--no-save"])
        #expect(eventually(timeout: 20) { (try? quiet.queue()["failed"] ?? 0) ?? 0 >= 1 })
        kill(process.process.processIdentifier, SIGTERM)
        #expect(eventually(timeout: 20) { !process.process.isRunning })
        let output = process.output().stderr
        #expect(!output.contains("INFO"))
        #expect(output.contains("ERROR Failed '"))
    }
}
