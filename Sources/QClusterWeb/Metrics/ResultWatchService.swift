import ServiceLifecycle

/// Looks at the broker's new results every two seconds while the server runs, so that the
/// duration histogram misses fewer results than scrapes alone would (the broker prunes them
/// past `save_limit`).
struct ResultWatchService: Service {
    let collector: MetricsCollector
    static let intervalMilliseconds = 2000

    func run() async {
        // Shutting down cancels the loop, which then ends normally: an error thrown here
        // would fail the server's exit.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // A broker that is away is tried again at the next look; the scrape reports it.
                try? await collector.lookAtResults()
                try? await Task.sleep(for: .milliseconds(Self.intervalMilliseconds))
            }
        }
    }
}
