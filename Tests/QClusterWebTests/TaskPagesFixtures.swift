@testable import QCluster
@testable import QClusterWeb

/// Tasks in each state, with the text that would break a page that did not escape it.
enum TaskPagesFixtures {
    static let token = WebToken(value: "a test token of the dashboard", isGenerated: false)
    static let hostile = "<script>alert(1)</script> \"q\" 'a' & b"
    static let now: Int64 = 1_800_000_000_000

    static func message(name: String = "x<b>\"'&", group: String = "g<i>", shell: Bool = false) -> TaskMessage {
        TaskMessage(cluster: "default", command: ["echo", hostile], customName: name, group: group, shell: shell,
                    enqueuedAtMilliseconds: now - 10_000)
    }

    static func finished(success: Bool = false, output: String = hostile, error: String = "oops <b>") -> TaskStatus {
        var result = TaskResult(message: message(), startedAtMilliseconds: now - 5_000, stoppedAtMilliseconds: now - 3_500,
                                exitCode: success ? 0 : 3, success: success, standardOutput: Array(output.utf8),
                                standardError: Array(error.utf8), reason: success ? "" : "exit status 3")
        result.isFinal = true
        return .finished(result)
    }

    static func running() -> TaskStatus {
        .leased(LeaseInfo(message: message(), attempt: 1, deadlineMilliseconds: now + 60_000, leasedAtMilliseconds: now - 2_000),
                lastFailure: nil)
    }

    static func queued() -> TaskStatus { .queued(QueuedTask(message: message(), attempts: 0)) }

    static func page(_ status: TaskStatus, output: TaskOutput = TaskOutput()) -> String {
        TaskPage(status: status, output: output, worker: nil, token: token, now: now).html.text
    }

    /// Every `csrf` field's value in `html`.
    static func formKeys(_ html: String) -> [String] {
        html.split(separator: "name=\"csrf\" value=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }
}
