import Testing
@testable import QCluster
@testable import QClusterWeb

@Suite("the tasks page")
struct TasksPageTests {
    typealias Fixtures = TaskPagesFixtures

    private func page(_ query: TaskListQuery, _ statuses: [TaskStatus], rerunCount: Int? = nil) -> String {
        var page = TasksPage(query: query, list: query.select(statuses), clusters: ["default", "l<o>ng"], defaultCluster: "default",
                             token: Fixtures.token, now: Fixtures.now)
        page.rerunCount = rerunCount
        return page.html.text
    }

    @Test("the filter form keeps its values, escaped")
    func formKeepsValues() {
        let query = TaskListQuery(fields: ["state": "failed", "cluster": "l<o>ng", "group": "g\"1", "name": "a&b", "limit": "20"])
        let html = page(query, [])
        #expect(html.contains("<option value=\"failed\" selected>"))
        #expect(html.contains("id=\"filter-cluster\" list=\"cluster-names\" value=\"l&lt;o&gt;ng\""))
        #expect(html.contains("id=\"filter-group\" value=\"g&quot;1\""))
        #expect(html.contains("id=\"filter-name\" value=\"a&amp;b\""))
        #expect(html.contains("value=\"20\""))
        #expect(html.contains("id=\"no-tasks\""))
    }

    @Test("a row per task with its id, state and escaped name; the rerun button carries the form key and the filter")
    func rowsAndRerun() {
        let statuses = [Fixtures.running(), Fixtures.queued(), Fixtures.finished()]
        let html = page(TaskListQuery(group: "nightly"), statuses, rerunCount: 2)
        for status in statuses {
            #expect(html.contains("<tr data-task=\"\(status.message.id.hex)\" data-state=\"\(status.stateWord)\">"))
        }
        #expect(html.contains("<td class=\"name\"><a href=\"/tasks/\(statuses[0].message.id.hex)\">x&lt;b&gt;&quot;&#39;&amp;</a></td>"))
        #expect(!html.contains("<b>\""))
        #expect(html.contains(">Rerun all failed</button>"))
        #expect(html.contains("<input type=\"hidden\" name=\"group\" value=\"nightly\">"))
        #expect(Fixtures.formKeys(html) == [Fixtures.token.formKey])
        #expect(html.contains("of group <strong>nightly</strong> in every cluster"))
        #expect(html.contains("id=\"rerun-note\" role=\"status\">2 failed tasks enqueued again."))
        #expect(html.contains("<table id=\"tasks\">"))
    }

    @Test("the limit shows the first tasks and says that more exist")
    func limitNote() {
        let query = TaskListQuery(limit: 2)
        #expect(query.brokerFilter.limit == 3)
        let html = page(query, [Fixtures.queued(), Fixtures.queued(), Fixtures.queued()])
        #expect(html.components(separatedBy: "<tr data-task=").count == 3)
        #expect(html.contains("Showing the first 2; more tasks match"))
    }
}
