import Testing
@testable import QCluster
@testable import QClusterWeb

@Suite("a task's page")
struct TaskPageTests {
    typealias Fixtures = TaskPagesFixtures

    @Test("a finished task's output, name, group and command show as text, never as markup")
    func escapesFinishedTask() {
        let status = Fixtures.finished()
        guard case let .finished(result) = status else { return }
        let html = Fixtures.page(status, output: TaskOutput(standardOutput: result.standardOutput, standardError: result.standardError))
        #expect(!html.contains("<script>alert(1)"))
        #expect(!html.contains("<b>") && !html.contains("<i>"))
        #expect(html.contains("<pre class=\"output\" id=\"stdout\">&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; b</pre>"))
        #expect(html.contains("<pre class=\"output\" id=\"stderr\">oops &lt;b&gt;</pre>"))
        #expect(html.contains("<span id=\"task-name\">x&lt;b&gt;&quot;&#39;&amp;</span>"))
        // The command shell-quoted, as qctl tasks shows it, then escaped.
        #expect(html.contains("<code id=\"task-command\">echo &#39;&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;\\&#39;&#39;a&#39;\\&#39;&#39; &amp; b&#39;</code>"))
        #expect(html.contains("?group=g%3Ci%3E\""))
        #expect(html.contains("<span id=\"task-exit\">exit status 3</span>"))
        #expect(html.contains("data-state=\"failed\""))
        #expect(!html.contains("data-live"))
    }

    @Test("a running task's output follows live from where the page stopped, escaped in the first render")
    func runningTaskFollows() {
        var output = TaskOutput()
        output.add(.stdout, Array(Fixtures.hostile.utf8))
        output.add(.stderr, Array("é".utf8))
        let running = Fixtures.running()
        let html = Fixtures.page(running, output: output)
        let address = OutputPosition(state: "leased", attempt: 1, standardOutput: Fixtures.hostile.utf8.count, standardError: 2)
            .eventsAddress(running.message.id)
        #expect(html.contains("<pre class=\"output\" id=\"output\" data-live=\"\(HTML.escape(address))\" data-follow>&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; bé</pre>"))
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains(">Kill</button>") && !html.contains(">Cancel</button>") && !html.contains(">Run again</button>"))
        #expect(html.contains("<span id=\"task-duration\">2s</span>"))
    }

    @Test("each state offers its action, and every form carries the form key", arguments: [
        (Fixtures.queued(), "Cancel", "cancel"), (Fixtures.running(), "Kill", "kill"), (Fixtures.finished(success: true), "Run again", "rerun"),
    ])
    func actionsCarryFormKey(status: TaskStatus, label: String, verb: String) {
        let html = Fixtures.page(status)
        #expect(html.contains("action=\"/tasks/\(status.message.id.hex)/\(verb)\""))
        #expect(html.contains(">\(label)</button>"))
        let keys = Fixtures.formKeys(html)
        #expect(keys.count == 1 && keys.allSatisfy { $0 == Fixtures.token.formKey })
        #expect(Fixtures.token.acceptsForm(key: keys.first))
    }

    @Test("the live stream's position survives its address")
    func positionRoundTrip() {
        let position = OutputPosition(state: "leased", attempt: 2, standardOutput: 10, standardError: 3)
        let address = position.eventsAddress(TaskID())
        let query = address.split(separator: "?")[1].split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        #expect(OutputPosition(fields: Dictionary(uniqueKeysWithValues: query.map { ($0[0], $0[1]) })) == position)
        #expect(OutputPosition(fields: ["stdout": "-4", "stderr": "x"]) == OutputPosition(state: "", attempt: 0, standardOutput: 0, standardError: 0))
    }

    @Test("an unknown task is a 404 page, a refused action a 409")
    func refusalStatus() {
        #expect(WebResponse.status(of: BrokerError.unknownTask("x")) == .notFound)
        #expect(WebResponse.status(of: ControlError.unknownTask("x")) == .notFound)
        #expect(WebResponse.status(of: ControlError.wrongState(task: "t", state: "running", advice: "kill it")) == .conflict)
        let page = PageLayout.refusal("no task '<x>'", back: "/tasks/%3Cx%3E", section: .tasks, title: "Not found").text
        #expect(page.contains("no task &#39;&lt;x&gt;&#39;") && page.contains("<h1>Not found</h1>"))
    }
}
