import ArgumentParser
import FoundationEssentials
import Glibc
import QCluster

struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watch the running clusters live, as Django Q's qmonitor; q or Ctrl-C quits.",
        discussion: "On a terminal the view is redrawn every second; in a pipe one snapshot is printed."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only clusters with this name.", valueName: "name"), completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds between redraws.", valueName: "seconds"))
    var interval: Double = 1

    func validate() throws {
        if !(0.1...60).contains(interval) { throw ValidationError("--interval must be between 0.1 and 60 seconds: \(Int(exactly: interval).map(String.init) ?? String(interval))") }
    }

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        func screen() throws -> String {
            let overview = try ClusterOverview.read(from: broker, cluster: cluster)
            return StatsPresenter.text(overview, cluster: cluster) + "\n\n" + StatsPresenter.footer(overview)
        }
        guard Terminal.isInteractive, isatty(STDIN_FILENO) == 1 else {
            Terminal.print(try screen())
            return
        }
        let session = FullScreen()
        defer { session.restore() }
        ProcessSignals.handleStopSignals()
        while ProcessSignals.stopCount == 0 {
            let title = "qctl monitor — \(TimestampText.local(Clock.nowMilliseconds()))   (q to quit)"
            session.draw(title + "\n\n" + (try screen()))
            if session.waitForQuit(milliseconds: Int32(interval * 1000)) { break }
        }
    }
}
