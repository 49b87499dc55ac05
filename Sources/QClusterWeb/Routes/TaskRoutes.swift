import Hummingbird
import QCluster

/// The tasks pages, a task's output stream, and cancelling, killing and rerunning tasks.
struct TaskRoutes {
    let broker: BrokerAccess
    let token: WebToken

    func add(to router: Router<some RequestContext>) {
        router.get("/tasks") { _, _ in
            WebResponse.page(PageLayout.page(title: "Tasks", section: .tasks, body: "<h1>Tasks</h1>"))
        }
    }
}
